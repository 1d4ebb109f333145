using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Transfers;

/// <summary>Requests against the transfer endpoints, answering what a client would read.</summary>
internal static class TransferTestData
{
    public static Task<HttpResponseMessage> TransferAsync(this HttpClient client, long customerId, object body) =>
        client.PostAsJsonAsync($"/api/v1/sales/customers/{customerId}/transfer", body);

    /// <summary>The owner asks to hand the customer to <paramref name="toUserId"/>; expects 202 with the pending request.</summary>
    public static async Task<JsonNode> RequestTransferAsync(this HttpClient client, long customerId, long toUserId, string reason = "客户迁到对方片区")
    {
        var response = await client.TransferAsync(customerId, new { to_user_id = toUserId, reason });
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"transfer request → {(int)response.StatusCode}: {json}");
        return json;
    }

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, long requestId, string decision, string? comment = null) =>
        comment is null
            ? client.PostAsync($"/api/v1/sales/transfer-requests/{requestId}/{decision}", null)
            : client.PostAsJsonAsync($"/api/v1/sales/transfer-requests/{requestId}/{decision}", new { comment });

    public static Task<HttpResponseMessage> ReassignAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/v1/sales/customers/reassign", body);

    /// <summary>The owner of a customer as stored, read past every permission check.</summary>
    public static async Task<long?> StoredOwnerAsync(this ApiFixture api, long customerId)
    {
        await using var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await db.Customers.Where(c => c.Id == customerId).Select(c => (long?)c.SalesOwnerId).FirstOrDefaultAsync();
    }

    /// <summary>A request as stored: status and comment.</summary>
    public static async Task<(string Status, string? Comment)> StoredRequestAsync(this ApiFixture api, long requestId)
    {
        await using var db = await api.Factory.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var row = await db.TransferRequests.AsNoTracking().FirstAsync(t => t.Id == requestId);
        return (Crm.Domain.Common.EnumText<Crm.Domain.Transfers.TransferStatus>.Name(row.Status), row.Comment);
    }
}
