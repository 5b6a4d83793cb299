using System.Net;
using Microsoft.AspNetCore.Http;
using PicChat.Api.Auth;

namespace PicChat.Tests.Api;

/// <summary>How login limits see a client: by IPv4 address, or by the /64 an IPv6 subscriber holds.</summary>
public sealed class ClientKeyTests
{
    private static string KeyOf(string address) =>
        AuthRateLimit.ClientKey(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } });

    [Fact]
    public void IPv6AddressesOfOneSlash64CountAsOneClient()
    {
        Assert.Equal(KeyOf("2001:db8:1:2::1"), KeyOf("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(KeyOf("2001:db8:1:2::1"), KeyOf("2001:db8:1:3::1"));
        Assert.Equal("2001:db8:1:2::/64", KeyOf("2001:db8:1:2:abcd::9"));
    }

    [Fact]
    public void IPv4ClientsCountByAddressWhetherOrNotTheyArriveMappedIntoIPv6()
    {
        Assert.Equal("192.0.2.7", KeyOf("192.0.2.7"));
        Assert.Equal("192.0.2.7", KeyOf("::ffff:192.0.2.7"));
        Assert.NotEqual(KeyOf("192.0.2.7"), KeyOf("192.0.2.8"));
    }
}
