using System.Text;

namespace Crm.Domain.Customers;

/// <summary>When two customer names are "the same name" for the duplicate warning.</summary>
public static class CustomerName
{
    /// <summary>Longest key kept (NFKC may expand a few compatibility characters); longer keys are cut.</summary>
    public const int KeyMax = 600;

    /// <summary>
    /// The name as the duplicate check compares it: full-width forms folded to half-width (Unicode NFKC:
    /// （Ａ）→ (a), the ideographic space → space), trimmed, runs of white space as one space, lower case.
    /// 上海华创 and 上海华创 , ＡＢＣ公司 and abc公司 are the same name; 华创 and 华创电子 are not.
    /// </summary>
    public static string DuplicateKey(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC);
        var key = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = key.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                key.Append(' ');
                pendingSpace = false;
            }

            key.Append(char.ToLowerInvariant(c));
        }

        return key.Length > KeyMax ? key.ToString(0, KeyMax) : key.ToString();
    }
}
