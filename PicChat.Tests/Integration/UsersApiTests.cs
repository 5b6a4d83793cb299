using System.Net;
using System.Text.Json;

namespace PicChat.Tests.Integration;

[Collection(PicChatCollection.Name)]
public sealed class UsersApiTests(PicChatFixture fixture) : IDisposable
{
    private readonly ApiClient _api = fixture.Client();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task RegisterAnswersWithIdTokenAndHttpOnlyCookie()
    {
        var email = Grains.Unique.Email();

        var response = await _api.PostAsync("/users/user-register", new { email = "  " + email.ToUpperInvariant() + " ", password = "123456" });

        Assert.True(response.IsSuccess);
        Assert.True(response.Json.GetProperty("userId").GetInt64() > 0);
        Assert.True(response.Json.GetProperty("token").GetString()!.Length >= 40);
        var cookie = Assert.Single(response.Message.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("picchat_session=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var info = await _api.GetAsync($"/users/user-info-read?userId={response.Json.GetProperty("userId").GetInt64()}",
            token: response.Json.GetProperty("token").GetString());
        Assert.Equal(email, info.Json.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task RegisteringATakenEmailIsAConflictWhateverItsCase()
    {
        var user = await _api.RegisterAsync();

        var again = await _api.PostAsync("/users/user-register", new { email = user.Email.ToUpperInvariant(), password = "abcdef" });

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("email_taken", again.ErrorCode);
    }

    [Fact]
    public async Task TwentyConcurrentRegistrationsOfOneEmailHaveOneWinner()
    {
        var email = Grains.Unique.Email("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => _api.PostAsync("/users/user-register", new { email, password = "123456" })));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("email_taken", r.ErrorCode);
        });
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("")]
    public async Task ShortPasswordsAreWeak(string password)
    {
        var response = await _api.PostAsync("/users/user-register", new { email = Grains.Unique.Email(), password });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("weak_password", response.ErrorCode);
    }

    [Fact]
    public async Task OverlongPasswordsAreWeak()
    {
        var response = await _api.PostAsync("/users/user-register", new { email = Grains.Unique.Email(), password = new string('x', 129) });

        Assert.Equal("weak_password", response.ErrorCode);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two words@example.com")]
    public async Task InvalidEmailsAreRejected(string email)
    {
        var response = await _api.PostAsync("/users/user-register", new { email, password = "123456" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.ErrorCode);
    }

    [Fact]
    public async Task LoginWithTheRightPasswordOpensASession()
    {
        var user = await _api.RegisterAsync();

        var login = await _api.PostAsync("/users/user-login", new { email = user.Email.ToUpperInvariant(), password = user.Password });

        Assert.True(login.IsSuccess);
        Assert.Equal(user.Id, login.Json.GetProperty("userId").GetInt64());
        Assert.NotEqual(user.Token, login.Json.GetProperty("token").GetString());
        var read = await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, login.Json.GetProperty("token").GetString());
        Assert.True(read.IsSuccess);
    }

    [Fact]
    public async Task LoginFailuresLookTheSameForWrongPasswordsAndUnknownEmails()
    {
        var user = await _api.RegisterAsync();

        var wrongPassword = await _api.PostAsync("/users/user-login", new { email = user.Email, password = "wrong-password" });
        var unknownEmail = await _api.PostAsync("/users/user-login", new { email = Grains.Unique.Email("ghost"), password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.Status);
        Assert.Equal(wrongPassword.Status, unknownEmail.Status);
        Assert.Equal(wrongPassword.Json.GetRawText(), unknownEmail.Json.GetRawText());
    }

    [Fact]
    public async Task RepeatedFailedLoginsForOneAccountAreRateLimited()
    {
        var user = await _api.RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _api.PostAsync("/users/user-login", new { email = user.Email, password = "nope-nope" })).Status);
        }

        var limited = await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password });

        Assert.Equal((HttpStatusCode)429, limited.Status);
        Assert.Equal("rate_limited", limited.ErrorCode);
        Assert.True(limited.Message.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task EveryEndpointButRegisterAndLoginNeedsASession()
    {
        var user = await _api.RegisterAsync();
        var calls = new[]
        {
            _api.PostAsync("/users/user-logout", null),
            _api.PostAsync("/users/user-password-update", new { userId = user.Id, oldPassword = user.Password, newPassword = "abcdefg" }),
            _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "12345" }),
            _api.DeleteAsync("/users/user-destroy", new { userId = user.Id }),
            _api.GetAsync("/users/user-info-read", new { userId = user.Id }),
            _api.GetAsync("/users/user-info-read", new { userId = user.Id }, token: user.Token + "x"),
            _api.GetAsync("/users/user-info-read", new { userId = user.Id }, token: "garbage"),
        };

        foreach (var response in await Task.WhenAll(calls))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("unauthenticated", response.ErrorCode);
        }

        Assert.True((await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);
    }

    [Fact]
    public async Task TheCookieAloneAuthenticatesASeedStyleClient()
    {
        var cookies = new System.Net.CookieContainer();
        using var browser = new ApiClient(new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = fixture.ApiBase });
        var user = await browser.RegisterAsync();

        var read = await browser.GetAsync($"/users/user-info-read?userId={Uri.EscapeDataString(user.Email)}");
        var logout = await browser.PostAsync("/users/user-logout", null);
        var afterLogout = await browser.GetAsync($"/users/user-info-read?userId={user.Id}");

        Assert.True(read.IsSuccess);
        Assert.True(logout.IsSuccess);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.Status);
    }

    [Fact]
    public async Task ActingAsSomebodyElseIsForbidden()
    {
        var alice = await _api.RegisterAsync();
        var bob = await _api.RegisterAsync();

        var byId = await _api.GetAsync("/friends/read-friend-list", new { userId = bob.Id }, alice.Token);
        var byEmail = await _api.PostAsync("/users/user-info-update", new { userId = bob.Email, mobile = "12345" }, alice.Token);
        var destroy = await _api.DeleteAsync("/users/user-destroy", new { userId = bob.Id }, alice.Token);

        Assert.All([byId, byEmail, destroy], r =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.Status);
            Assert.Equal("forbidden", r.ErrorCode);
        });
        Assert.True((await _api.GetAsync("/users/user-info-read", new { userId = bob.Id }, bob.Token)).IsSuccess);
    }

    [Fact]
    public async Task AnySignedInUserReadsAnyProfileButSeesTheMobileOnlyOnceTheOwnerAddedThem()
    {
        var alice = await _api.RegisterAsync();
        var bob = await _api.RegisterAsync();
        Assert.True((await _api.PostAsync("/users/user-info-update", new { userId = bob.Id, mobile = "+8613800000000" }, bob.Token)).IsSuccess);

        var asStranger = await _api.GetAsync("/users/user-info-read", new { userId = bob.Id }, alice.Token);
        var byEmail = await _api.GetAsync("/users/user-info-read", new { userId = bob.Email }, alice.Token);
        Assert.True((await _api.PostAsync("/friends/create-friend", new { userId = bob.Id, friendId = alice.Id }, bob.Token)).IsSuccess);
        var asFriend = await _api.GetAsync("/users/user-info-read", new { userId = bob.Id }, alice.Token);

        Assert.True(asStranger.IsSuccess, asStranger.Json.ToString());
        Assert.Equal(bob.Id, asStranger.Json.GetProperty("user").GetProperty("userId").GetInt64());
        Assert.Equal(bob.Email, asStranger.Json.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, asStranger.Json.GetProperty("user").GetProperty("mobile").ValueKind);
        Assert.Equal(asStranger.Json.GetRawText(), byEmail.Json.GetRawText());
        Assert.Equal("+8613800000000", asFriend.Json.GetProperty("user").GetProperty("mobile").GetString());
    }

    [Fact]
    public async Task ReadingAnUnknownOrDestroyedUserIsUserNotFound()
    {
        var alice = await _api.RegisterAsync();
        var bob = await _api.RegisterAsync();
        Assert.True((await _api.DeleteAsync("/users/user-destroy", new { userId = bob.Id }, bob.Token)).IsSuccess);

        var answers = await Task.WhenAll(
            _api.GetAsync("/users/user-info-read", new { userId = bob.Id }, alice.Token),
            _api.GetAsync("/users/user-info-read", new { userId = bob.Email }, alice.Token),
            _api.GetAsync("/users/user-info-read", new { userId = ApiRequestMaxId }, alice.Token),
            _api.GetAsync("/users/user-info-read", new { userId = Grains.Unique.Email() }, alice.Token));

        Assert.All(answers, r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("user_not_found", r.ErrorCode);
        });
    }

    private const long ApiRequestMaxId = PicChat.Abstractions.Limits.MaxId;

    [Fact]
    public async Task UserReferencesAcceptEmailNumberOrDigitString()
    {
        var user = await _api.RegisterAsync();

        var responses = await Task.WhenAll(
            _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token),
            _api.GetAsync("/users/user-info-read", new { userId = user.Id.ToString() }, user.Token),
            _api.GetAsync("/users/user-info-read", new { userId = user.Email.ToUpperInvariant() }, user.Token),
            _api.GetAsync($"/users/user-info-read?userId={user.Id}", token: user.Token),
            _api.GetAsync($"/users/user-info-read?userId={Uri.EscapeDataString(user.Email)}", token: user.Token));

        Assert.All(responses, r => Assert.Equal(user.Id, r.Json.GetProperty("user").GetProperty("userId").GetInt64()));
    }

    [Fact]
    public async Task TheBodyWinsOverTheQueryString()
    {
        var alice = await _api.RegisterAsync();
        var bob = await _api.RegisterAsync();

        var response = await _api.GetAsync($"/users/user-info-read?userId={bob.Id}", new { userId = alice.Id }, alice.Token);

        Assert.True(response.IsSuccess);
        Assert.Equal(alice.Id, response.Json.GetProperty("user").GetProperty("userId").GetInt64());
    }

    [Fact]
    public async Task InfoUpdateSetsKeepsAndClearsFields()
    {
        var user = await _api.RegisterAsync();

        var set = await _api.PostAsync("/users/user-info-update",
            new { userId = user.Email, avatar = "http://xxx.xx.xx.png", mobile = "15902094760" }, user.Token);
        var keep = await _api.PostAsync("/users/user-info-update", new { userId = user.Id, mobile = "+8615902094760" }, user.Token);
        var clear = await _api.PostAsync("/users/user-info-update", new { userId = user.Id, avatar = "" }, user.Token);
        var read = await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

        Assert.Equal("http://xxx.xx.xx.png", set.Json.GetProperty("user").GetProperty("avatar").GetString());
        Assert.Equal("http://xxx.xx.xx.png", keep.Json.GetProperty("user").GetProperty("avatar").GetString());
        Assert.Equal(JsonValueKind.Null, clear.Json.GetProperty("user").GetProperty("avatar").ValueKind);
        var profile = read.Json.GetProperty("user");
        Assert.Equal("+8615902094760", profile.GetProperty("mobile").GetString());
        Assert.Equal(user.Email, profile.GetProperty("email").GetString());
        Assert.EndsWith("Z", profile.GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, read.Json.GetProperty("err").ValueKind);
    }

    [Theory]
    [InlineData("""{"avatar":"javascript:alert(1)"}""", "invalid_url")]
    [InlineData("""{"avatar":"ftp://x.example/a.png"}""", "invalid_url")]
    [InlineData("""{"mobile":"12ab5"}""", "invalid_request")]
    [InlineData("""{"mobile":"1234"}""", "invalid_request")]
    [InlineData("""{"mobile":123456}""", "invalid_request")]
    public async Task InfoUpdateRejectsBadFieldsAndChangesNothing(string fields, string code)
    {
        var user = await _api.RegisterAsync();
        var body = fields.Replace("{", $$"""{"userId":{{user.Id}},""");

        var response = await _api.PostAsync("/users/user-info-update", body, user.Token);
        var read = await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal(JsonValueKind.Null, read.Json.GetProperty("user").GetProperty("avatar").ValueKind);
        Assert.Equal(JsonValueKind.Null, read.Json.GetProperty("user").GetProperty("mobile").ValueKind);
    }

    [Fact]
    public async Task PasswordUpdateEndsEverySessionAndReturnsAFreshToken()
    {
        var user = await _api.RegisterAsync();
        var second = (await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).Json.GetProperty("token").GetString();

        var update = await _api.PostAsync("/users/user-password-update",
            new { userId = user.Email, oldPassword = user.Password, newPassword = "abc123" }, user.Token);

        Assert.True(update.IsSuccess);
        var fresh = update.Json.GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, second)).Status);
        Assert.True((await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, fresh)).IsSuccess);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).Status);
        Assert.True((await _api.PostAsync("/users/user-login", new { email = user.Email, password = "abc123" })).IsSuccess);
    }

    [Fact]
    public async Task PasswordUpdateWithAWrongOldPasswordIsForbiddenAndChangesNothing()
    {
        var user = await _api.RegisterAsync();

        var update = await _api.PostAsync("/users/user-password-update",
            new { userId = user.Id, oldPassword = "not-it", newPassword = "abc123" }, user.Token);
        var weak = await _api.PostAsync("/users/user-password-update",
            new { userId = user.Id, oldPassword = user.Password, newPassword = "abc" }, user.Token);

        Assert.Equal(HttpStatusCode.Forbidden, update.Status);
        Assert.Equal("invalid_credentials", update.ErrorCode);
        Assert.Equal("weak_password", weak.ErrorCode);
        Assert.True((await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).IsSuccess);
        Assert.True((await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).IsSuccess);
    }

    [Fact]
    public async Task DestroyEndsSessionsAndFreesTheEmailForANewUser()
    {
        var user = await _api.RegisterAsync();

        var destroy = await _api.DeleteAsync($"/users/user-destroy?userId={Uri.EscapeDataString(user.Email)}", token: user.Token);

        Assert.True(destroy.IsSuccess);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).Status);
        var again = await _api.PostAsync("/users/user-register", new { email = user.Email, password = "654321" });
        Assert.True(again.IsSuccess);
        Assert.NotEqual(user.Id, again.Json.GetProperty("userId").GetInt64());
    }

    [Fact]
    public async Task SessionsAreValidOnEveryApiInstance()
    {
        var user = await _api.RegisterAsync();
        var (other, address) = await fixture.StartApiAsync([]);
        try
        {
            using var otherClient = fixture.Client(address);

            var read = await otherClient.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);
            await _api.PostAsync("/users/user-logout", null, user.Token);
            var afterLogout = await otherClient.GetAsync("/users/user-info-read", new { userId = user.Id }, user.Token);

            Assert.True(read.IsSuccess);
            Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.Status);
        }
        finally
        {
            await other.StopAsync();
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task TooManyFailedLoginsFromOneClientAreRateLimitedAcrossAccounts()
    {
        var user = await _api.RegisterAsync();
        var (limited, address) = await fixture.StartApiAsync(new() { [PicChat.Api.Auth.AuthOptions.FailedLoginsPerClientKey] = "3" });
        try
        {
            using var client = fixture.Client(address, PicChatFixture.NextClientAddress());
            Assert.True((await client.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).IsSuccess);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                // A different email each time: only the per-client limit can stop this.
                statuses.Add((await client.PostAsync("/users/user-login", new { email = Grains.Unique.Email(), password = "whatever" })).Status);
            }

            var rightPassword = await client.PostAsync("/users/user-login", new { email = user.Email, password = user.Password });

            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], statuses);
            Assert.Equal((HttpStatusCode)429, rightPassword.Status);
            Assert.Equal("rate_limited", rightPassword.ErrorCode);
        }
        finally
        {
            await limited.StopAsync();
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task TooManyRegistrationsFromOneClientAreRateLimited()
    {
        var (limited, address) = await fixture.StartApiAsync(new() { [PicChat.Api.Auth.AuthOptions.AttemptsPerClientPerMinuteKey] = "3" });
        try
        {
            using var client = fixture.Client(address);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                statuses.Add((await client.PostAsync("/users/user-register", new { email = Grains.Unique.Email(), password = "whatever" })).Status);
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        }
        finally
        {
            await limited.StopAsync();
            await limited.DisposeAsync();
        }
    }

    [Fact]
    public async Task LoginOverloadIsAnswered503WithRetryAfterAndThrottlesNobody()
    {
        // No queue: only as many password checks as cores at once, the rest refused on the spot.
        var (busy, address) = await fixture.StartApiAsync(new() { [PicChat.Api.Auth.AuthOptions.PasswordQueuePerCoreKey] = "0" });
        try
        {
            using var client = fixture.Client(address);
            var user = await client.RegisterAsync();

            var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
                client.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })));

            var refused = burst.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(refused);
            Assert.All(burst, r => Assert.Contains(r.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
            Assert.All(refused, r =>
            {
                Assert.Equal("unavailable", r.ErrorCode);
                Assert.True(r.Message.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            });

            // Nothing refused counted against the account or the address: sequential logins keep working.
            for (var i = 0; i < 8; i++)
            {
                Assert.True((await client.PostAsync("/users/user-login", new { email = user.Email, password = user.Password })).IsSuccess);
            }
        }
        finally
        {
            await busy.StopAsync();
            await busy.DisposeAsync();
        }
    }
}
