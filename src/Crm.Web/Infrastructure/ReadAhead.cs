using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Crm.Web.Infrastructure;

/// <summary>
/// Reads a slow sequence (an uploaded sheet) on a thread of its own, a few batches ahead of the code that consumes it,
/// so that parsing the next rows and checking or writing the current ones use two cores instead of taking turns.
/// </summary>
public static class ReadAhead
{
    /// <summary>Batches that are read ahead at most; each is <c>size</c> items, so memory stays bounded.</summary>
    public const int BatchesAhead = 2;

    /// <summary>
    /// <paramref name="source"/> in batches of <paramref name="size"/>, in order. An exception of the source reaches the
    /// consumer at the batch where it happened; a consumer that stops early (or fails) stops the reading too.
    /// </summary>
    public static async IAsyncEnumerable<T[]> Batches<T>(IEnumerable<T> source, int size, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = Task.Run(async () =>
        {
            try
            {
                foreach (var batch in source.Chunk(size))
                {
                    await channel.Writer.WriteAsync(batch, stop.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                channel.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    ct.ThrowIfCancellationRequested();
                    yield return batch;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
    }
}
