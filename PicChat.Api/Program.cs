using PicChat.Api;

var app = PicChatApi.Build(args);
await app.RunAsync();
