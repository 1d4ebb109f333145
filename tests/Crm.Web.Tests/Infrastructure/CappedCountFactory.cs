using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace Crm.Web.Tests.Infrastructure;

/// <summary>
/// The app with a small Crm:ListCountCap, so that totals beyond the cap take a handful of records, and optionally a
/// small Crm:SearchSelectiveRows and Crm:TagSelectiveRows, so that a handful of records already counts as a common keyword or tag,
/// a Crm:SearchOrderedScanFactor that makes a selective keyword's or rare tag's page walk the sort order (huge) or never (0), and a
/// Crm:CountSampleRows small enough for a few dozen records to be sampled for an estimated total, and the counters'
/// shards folded in the background every Crm:CounterFoldSeconds (off in the other tests).
/// </summary>
internal sealed class CappedCountFactory(int cap, int? selectiveRows = null, double? orderedScanFactor = null, int? sampleRows = null, int? counterFoldSeconds = null)
    : CrmAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Crm:ListCountCap", cap.ToString(CultureInfo.InvariantCulture));
        if (selectiveRows is { } rows)
        {
            builder.UseSetting("Crm:SearchSelectiveRows", rows.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Crm:TagSelectiveRows", rows.ToString(CultureInfo.InvariantCulture));
        }

        if (sampleRows is { } sample)
        {
            builder.UseSetting("Crm:CountSampleRows", sample.ToString(CultureInfo.InvariantCulture));
        }

        if (counterFoldSeconds is { } seconds)
        {
            builder.UseSetting("Crm:CounterFoldSeconds", seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (orderedScanFactor is { } factor)
        {
            builder.UseSetting("Crm:SearchOrderedScanFactor", factor.ToString(CultureInfo.InvariantCulture));
        }
    }
}
