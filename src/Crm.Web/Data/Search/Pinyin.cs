using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Crm.Domain.Customers;

namespace Crm.Web.Data.Search;

/// <summary>
/// Chinese → pinyin through ICU's "Han-Latin; Latin-ASCII" transliterator (libicu ships with .NET on Linux).
/// Each Han character is transliterated once and cached, so the cost after warm-up is a dictionary lookup.
/// </summary>
public static partial class Pinyin
{
    private static readonly ConcurrentDictionary<string, string> Syllables = new(StringComparer.Ordinal);
    private static readonly Lazy<Icu?> Transliterator = new(Icu.TryOpen, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when ICU's transliterator could be loaded; without it pinyin search finds nothing extra.</summary>
    public static bool IsAvailable => Transliterator.Value is not null;

    /// <summary>Full pinyin and initials of the Han characters of a text, other characters kept as they are (lower case).</summary>
    public static (string Full, string Initials) Of(string text)
    {
        var full = new StringBuilder(text.Length * 4);
        var initials = new StringBuilder(text.Length);
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            if (IsHan(element))
            {
                var syllable = Syllable(element);
                full.Append(syllable);
                if (syllable.Length > 0)
                {
                    initials.Append(syllable[0]);
                }
            }
            else
            {
                var lower = element.ToLowerInvariant();
                full.Append(lower);
                initials.Append(lower);
            }
        }

        return (full.ToString(), initials.ToString());
    }

    private static bool IsHan(string element) => Rune.TryGetRuneAt(element, 0, out var rune) && SearchText.IsHan(rune.Value);

    private static string Syllable(string han) =>
        Syllables.GetOrAdd(han, static h =>
        {
            var latin = Transliterator.Value?.Transliterate(h) ?? string.Empty;
            var sb = new StringBuilder(latin.Length);
            foreach (var ch in latin)
            {
                if (char.IsAsciiLetter(ch))
                {
                    sb.Append(char.ToLowerInvariant(ch));
                }
            }

            return sb.ToString();
        });

    /// <summary>A thin, locked wrapper over ICU's C API (utrans_*), whose symbols carry the ICU major version.</summary>
    private sealed class Icu
    {
        private const string Id = "Han-Latin; Latin-ASCII";

        private readonly Lock _gate = new();
        private readonly IntPtr _handle;
        private readonly TransUChars _trans;

        private Icu(IntPtr handle, TransUChars trans)
        {
            _handle = handle;
            _trans = trans;
        }

        private unsafe delegate IntPtr OpenU(char* id, int idLength, int direction, char* rules, int rulesLength, IntPtr parseError, int* status);

        private unsafe delegate void TransUChars(IntPtr trans, char* text, int* textLength, int textCapacity, int start, int* limit, int* status);

        public static unsafe Icu? TryOpen()
        {
            for (var version = 90; version >= 50; version--)
            {
                if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var library))
                {
                    continue;
                }

                if (!NativeLibrary.TryGetExport(library, $"utrans_openU_{version}", out var openPtr)
                    || !NativeLibrary.TryGetExport(library, $"utrans_transUChars_{version}", out var transPtr))
                {
                    continue;
                }

                var open = Marshal.GetDelegateForFunctionPointer<OpenU>(openPtr);
                var status = 0;
                IntPtr handle;
                fixed (char* id = Id)
                {
                    handle = open(id, Id.Length, 0, null, 0, IntPtr.Zero, &status);
                }

                if (status > 0 || handle == IntPtr.Zero)
                {
                    return null;
                }

                return new Icu(handle, Marshal.GetDelegateForFunctionPointer<TransUChars>(transPtr));
            }

            return null;
        }

        public unsafe string Transliterate(string text)
        {
            var capacity = Math.Max(64, text.Length * 16);
            var buffer = new char[capacity];
            text.CopyTo(0, buffer, 0, text.Length);
            var length = text.Length;
            var limit = text.Length;
            var status = 0;
            lock (_gate)
            {
                fixed (char* p = buffer)
                {
                    _trans(_handle, p, &length, capacity, 0, &limit, &status);
                }
            }

            return status > 0 ? string.Empty : new string(buffer, 0, length);
        }
    }
}
