using Microsoft.Extensions.Hosting;
using PicChat.Silo;

var builder = Host.CreateApplicationBuilder(args);
builder.AddPicChatSilo();
await builder.Build().RunAsync();
