using Crm.Domain.Common;
using Crm.Web.Infrastructure;

namespace Crm.Web.Tests.ImportExport;

/// <summary>An upload is parsed on a thread of its own a few batches ahead of the import (decision 0063).</summary>
public sealed class ReadAheadTests
{
    [Fact]
    public async Task Every_item_arrives_once_in_order_in_batches_of_the_size_asked()
    {
        var batches = new List<int[]>();
        await foreach (var batch in ReadAhead.Batches(Enumerable.Range(1, 2_500), 1_000, CancellationToken.None))
        {
            batches.Add(batch);
        }

        Assert.Equal([1_000, 1_000, 500], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(1, 2_500), batches.SelectMany(b => b));
    }

    [Fact]
    public async Task A_bad_row_further_down_reaches_the_import_after_the_rows_before_it_as_the_same_error()
    {
        static IEnumerable<int> Rows()
        {
            for (var i = 1; i <= 5_000; i++)
            {
                yield return i == 2_500 ? throw ValidationErrors.Failure("file", "第 2500 行无法读取") : i;
            }
        }

        var received = new List<int>();
        var error = await Assert.ThrowsAsync<DomainValidationException>(async () =>
        {
            await foreach (var batch in ReadAhead.Batches(Rows(), 1_000, CancellationToken.None))
            {
                received.AddRange(batch);
            }
        });

        Assert.Equal("第 2500 行无法读取", error.Errors.FirstMessage);
        Assert.Equal(Enumerable.Range(1, 2_000), received);
    }

    [Fact]
    public async Task An_import_that_stops_early_stops_the_reading_and_releases_the_file()
    {
        var read = 0;
        var released = new TaskCompletionSource();
        IEnumerable<int> Endless()
        {
            try
            {
                while (true)
                {
                    yield return Interlocked.Increment(ref read);
                }
            }
            finally
            {
                released.TrySetResult();
            }
        }

        await foreach (var batch in ReadAhead.Batches(Endless(), 100, CancellationToken.None))
        {
            Assert.Equal(Enumerable.Range(1, 100), batch);
            break;
        }

        Assert.True(released.Task.IsCompleted, "the source is disposed before the import goes on");
        var stoppedAt = Volatile.Read(ref read);
        Assert.InRange(stoppedAt, 100, (ReadAhead.BatchesAhead + 2) * 100);
        await Task.Delay(50);
        Assert.Equal(stoppedAt, Volatile.Read(ref read));
    }
}
