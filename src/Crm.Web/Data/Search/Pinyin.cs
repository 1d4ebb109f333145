using System.Globalization;
using System.Text;
using Crm.Domain.Customers;

namespace Crm.Web.Data.Search;

/// <summary>
/// Chinese → toneless pinyin that knows polyphones, from the vendored pinyin-pro data (PinyinData.txt, MIT; see
/// tools/pinyin-data and decision 0034). A word the dictionary knows (重庆, 银行, 音乐) gets its word reading; any
/// other character gets every reading it has (长 → chang and zhang), so a text has several spellings. They are listed
/// the usual reading first, then by the ranks of the other readings they use, at most <see cref="MaxSpellings"/> of
/// each kind: enough for every combination of up to three two-reading characters.
/// </summary>
public static class Pinyin
{
    /// <summary>The most full-pinyin spellings, and separately initials spellings, that one text contributes.</summary>
    public const int MaxSpellings = 8;

    /// <summary>
    /// Text elements spelt at most: longer than any searchable field may be, so only over-long input (refused by
    /// validation after its search text is built) is cut, and the spelling's work and depth stay bounded.
    /// </summary>
    public const int MaxElements = 256;

    private static readonly Lazy<PinyinData> Data = new(PinyinData.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The full-pinyin spellings, then the initials spellings, of a text (other characters kept, lower case); none without Han.</summary>
    public static IReadOnlyList<string> Of(string text)
    {
        var slots = Slots(text);
        if (slots.Count == 0)
        {
            return [];
        }

        var full = Spell(slots, initials: false);
        var initials = Spell(slots, initials: true);
        return [.. full, .. initials];
    }

    /// <summary>
    /// One choice per text element: the readings of a Han character (usual first) and their distinct initials, or the
    /// element itself.
    /// </summary>
    private readonly record struct Slot(string[] Options, string[] Initials);

    /// <summary>A character's or a word syllable's readings, with their initials made once when the data loads.</summary>
    private sealed record Reading(string[] Options, string[] Initials)
    {
        public static Reading Of(string[] options) => new(options, [.. options.Select(o => o[..1]).Distinct()]);
    }

    private static List<Slot> Slots(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (elements.Count < MaxElements && enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var slots = new List<Slot>(elements.Count);
        var data = Data.Value;
        var anyHan = false;
        for (var i = 0; i < elements.Count;)
        {
            if (!IsHan(elements[i]))
            {
                string[] itself = [elements[i].ToLowerInvariant()];
                slots.Add(new Slot(itself, itself));
                i++;
                continue;
            }

            var end = i;
            while (end < elements.Count && IsHan(elements[end]))
            {
                end++;
            }

            anyHan = true;
            AddHanRun(data, elements, i, end, slots);
            i = end;
        }

        return anyHan ? slots : [];
    }

    /// <summary>
    /// Covers a run of Han characters with dictionary words so that as many characters as possible are read as part of
    /// a word (ties: fewer, longer words); the rest are read character by character with every reading.
    /// </summary>
    private static void AddHanRun(PinyinData data, List<string> elements, int start, int end, List<Slot> slots)
    {
        var n = end - start;

        // The run's text and where each of its elements starts: a candidate word is looked up as a span of it.
        var run = string.Concat(elements.GetRange(start, n));
        var at = new int[n + 1];
        for (var k = 0; k < n; k++)
        {
            at[k + 1] = at[k] + elements[start + k].Length;
        }

        var dictionary = data.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        ReadOnlySpan<char> Word(int from, int length) => run.AsSpan(at[from], at[from + length] - at[from]);

        var covered = new int[n + 1];
        var words = new int[n + 1];
        var take = new int[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            covered[i] = covered[i + 1];
            words[i] = words[i + 1] + 1;
            take[i] = 1;
            for (var length = 2; length <= data.LongestWord && i + length <= n; length++)
            {
                if (dictionary.ContainsKey(Word(i, length)))
                {
                    var c = covered[i + length] + length;
                    var w = words[i + length] + 1;
                    if (c > covered[i] || (c == covered[i] && w < words[i]))
                    {
                        covered[i] = c;
                        words[i] = w;
                        take[i] = length;
                    }
                }
            }
        }

        for (var i = 0; i < n; i += take[i])
        {
            if (take[i] == 1)
            {
                var readings = data.Readings.GetValueOrDefault(elements[start + i]);
                if (readings is not null)
                {
                    slots.Add(new Slot(readings.Options, readings.Initials));
                }

                continue;
            }

            var syllables = dictionary[Word(i, take[i])];
            foreach (var syllable in syllables)
            {
                slots.Add(new Slot(syllable.Options, syllable.Initials));
            }
        }
    }

    /// <summary>
    /// Distinct spellings, capped, cheapest first: a spelling costs the sum of its readings' ranks (the usual reading
    /// 0, the next 1 …), so a second reading of two characters comes before a rare fourth reading of one.
    /// </summary>
    private static List<string> Spell(List<Slot> slots, bool initials)
    {
        string[] OptionsOf(Slot slot) => initials ? slot.Initials : slot.Options;
        var choices = slots.Select((s, i) => (Options: OptionsOf(s), Index: i)).Where(s => s.Options.Length > 1).ToList();
        var picked = new int[slots.Count];
        var result = new List<string>();

        // most[c]: the highest cost choices c.. can still add (prunes budgets they cannot spend).
        var most = new int[choices.Count + 1];
        for (var c = choices.Count - 1; c >= 0; c--)
        {
            most[c] = most[c + 1] + choices[c].Options.Length - 1;
        }

        for (var cost = 0; cost <= most[0] && result.Count < MaxSpellings; cost++)
        {
            Assign(0, cost);
        }

        return result;

        // Each cost level spells only the choices that cost exactly its budget: the cheaper ones came at an earlier level.
        void Assign(int c, int budget)
        {
            if (result.Count >= MaxSpellings || budget > most[c])
            {
                return;
            }

            if (c == choices.Count)
            {
                if (budget > 0)
                {
                    return;
                }

                var sb = new StringBuilder();
                for (var i = 0; i < slots.Count; i++)
                {
                    sb.Append(OptionsOf(slots[i])[picked[i]]);
                }

                var spelling = sb.ToString();
                if (!result.Contains(spelling))
                {
                    result.Add(spelling);
                }

                return;
            }

            var (options, index) = choices[c];
            for (var o = 0; o < options.Length && o <= budget; o++)
            {
                picked[index] = o;
                Assign(c + 1, budget - o);
            }

            picked[index] = 0;
        }
    }

    private static bool IsHan(string element) => Rune.TryGetRuneAt(element, 0, out var rune) && SearchText.IsHan(rune.Value);

    /// <summary>The parsed data file: every character's readings (usual first; ü also spelt u), and the word readings.</summary>
    private sealed class PinyinData
    {
        public Dictionary<string, Reading> Readings { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Reading[]> Words { get; } = new(StringComparer.Ordinal);

        public int LongestWord { get; private set; }

        public static PinyinData Load()
        {
            var data = new PinyinData();
            using var stream = typeof(Pinyin).Assembly.GetManifestResourceStream("Crm.Web.Data.Search.PinyinData.txt")
                ?? throw new InvalidOperationException("PinyinData.txt is not embedded.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var key = line[..tab];
                var value = line[(tab + 1)..];
                if (char.IsAsciiLetter(key[0]))
                {
                    var readings = Reading.Of(Spellings(key));
                    var enumerator = StringInfo.GetTextElementEnumerator(value);
                    while (enumerator.MoveNext())
                    {
                        data.Readings[enumerator.GetTextElement()] = readings;
                    }

                    continue;
                }

                var syllables = value.Split(' ');
                var length = new StringInfo(key).LengthInTextElements;
                if (length == 1)
                {
                    data.Readings[key] = Reading.Of([.. syllables.SelectMany(Spellings).Distinct()]);
                }
                else
                {
                    data.Words[key] = [.. syllables.Select(syllable => Reading.Of(Spellings(syllable)))];
                    data.LongestWord = Math.Max(data.LongestWord, length);
                }
            }

            return data;
        }

        /// <summary>ü is written v (as pinyin keyboards type it) and also u (as it is often written without the dots).</summary>
        private static string[] Spellings(string syllable) =>
            syllable.Contains('v', StringComparison.Ordinal) ? [syllable, syllable.Replace('v', 'u')] : [syllable];
    }
}
