using Crm.Web.Data.Search;
using Microsoft.Extensions.Configuration;

namespace Crm.Web.Tests.Customers;

/// <summary>
/// Whether a tag is rare only picks the plan for the tag's list (the rows are the same, CommonAndRareFilterTests);
/// it is counted once a minute per tag, not on every request (decision 0065). Likewise a keyword whose candidates were too
/// many for the index to pay is not read again for a minute (decision 0066).
/// </summary>
public sealed class TagRarityTests
{
    [Fact]
    public async Task A_tags_rarity_is_counted_once_and_then_remembered_each_tag_on_its_own()
    {
        var tuning = new SearchTuning(new ConfigurationBuilder().Build());
        var counted = new List<string>();
        Func<CancellationToken, Task<int>> Holders(string tag, int holders) => _ =>
        {
            counted.Add(tag);
            return Task.FromResult(holders);
        };

        Assert.True(await tuning.IsFewAsync("展会线索", Holders("展会线索", 12), default));
        Assert.True(await tuning.IsFewAsync("展会线索", Holders("展会线索", 12), default));
        Assert.False(await tuning.IsFewAsync("战略客户", Holders("战略客户", tuning.SelectiveTag + 1), default));
        Assert.False(await tuning.IsFewAsync("战略客户", Holders("战略客户", tuning.SelectiveTag + 1), default));
        Assert.True(await tuning.IsFewAsync("恰好上限", Holders("恰好上限", tuning.SelectiveTag), default));

        Assert.Equal(["展会线索", "战略客户", "恰好上限"], counted);
    }

    [Fact]
    public void A_keyword_seen_dense_is_remembered_and_forgotten_when_seen_selective()
    {
        var tuning = new SearchTuning(new ConfigurationBuilder().Build());
        Assert.False(tuning.WasDense("精密"));

        tuning.SawCandidates("精密", tuning.SelectiveEnough + 1);
        tuning.SawCandidates("苏州华创", 12);
        Assert.True(tuning.WasDense("精密"));
        Assert.False(tuning.WasDense("苏州华创"));

        tuning.SawCandidates("精密", tuning.SelectiveEnough);
        Assert.False(tuning.WasDense("精密"));
    }
}
