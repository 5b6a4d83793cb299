using PicChat.Silo;

await PicChatSilo.Build(args).RunAsync();
