using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Crm.Web.Tests.Infrastructure;

namespace Crm.Web.Tests.Security;

/// <summary>Request bodies are capped before anything buffers them (issue 12: 32 × 28 MB logins took the app to 4.6 GB).</summary>
[Collection("api")]
public sealed class RequestLimitTests(ApiFixture api)
{
    [Fact]
    public async Task A_login_announcing_28_MB_is_refused_413_with_the_limit_named()
    {
        // That the body is never buffered is measured on the real server by bench/body-flood.sh (RSS before and after).
        var response = await api.Anonymous().PostAsync("/api/v1/auth/login", new CountingContent(28 * 1024 * 1024, announceLength: true));

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "64 KB");
    }

    [Fact]
    public async Task A_body_of_unknown_length_is_cut_off_at_the_limit()
    {
        var response = await api.Admin.PostAsync("/api/v1/sales/customers", new CountingContent(2 * 1024 * 1024, announceLength: false));

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "1024 KB");
    }

    [Fact]
    public async Task Logins_take_64_KB_and_other_json_bodies_1_MB()
    {
        var padding = new string('x', 100 * 1024);
        var login = await api.Anonymous().PostRawAsync("/api/v1/auth/login", $$"""{"username":"admin","password":"x","padding":"{{padding}}"}""");
        await login.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);

        var customer = await api.Admin.PostRawAsync("/api/v1/sales/customers", $$"""{"name":"大请求客户","padding":"{{padding}}"}""");
        Assert.Equal(HttpStatusCode.Created, customer.StatusCode);
    }

    [Fact]
    public async Task The_limit_is_explained_in_english_on_request()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = new CountingContent(200 * 1024, announceLength: true) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await api.Anonymous().SendAsync(request);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    /// <summary>A JSON body of the given size, with or without announcing its length.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly long _size;
        private readonly bool _announceLength;

        public CountingContent(long size, bool announceLength)
        {
            _size = size;
            _announceLength = announceLength;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = Encoding.UTF8.GetBytes("{\"username\":\"");
            await stream.WriteAsync(head);
            var chunk = Encoding.UTF8.GetBytes(new string('a', 64 * 1024));
            for (var sent = head.Length; sent + chunk.Length < _size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _size;
            return _announceLength;
        }
    }
}
