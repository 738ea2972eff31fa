using System.Globalization;
using System.Text;

namespace JobHub.Contracts.Validation;

/// <summary>
/// What text a name may hold, and how to show text that came from someone else on a terminal. Control characters
/// (C0, DEL, C1) and the invisible formatting ones (bidirectional overrides, zero-width marks other than the emoji joiner) are refused in names:
/// they let a name hide, reorder or rewrite what a terminal or a log shows around it.
/// </summary>
public static class TextRules
{
    /// <summary>True when <paramref name="text"/> holds a control or formatting character (tab and newline too, unless <paramref name="allowLineBreaks"/>).</summary>
    public static bool HasControlCharacters(string text, bool allowLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (IsRefused(c, allowLineBreaks))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> safe to print on a terminal: each control or formatting character becomes a visible
    /// escape (<c>\u001b</c>); line breaks too unless <paramref name="keepLineBreaks"/>.
    /// </summary>
    public static string ForTerminal(string text, bool keepLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasControlCharacters(text, keepLineBreaks))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsRefused(c, keepLineBreaks))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxLength"/> characters with an ellipsis, for echoing user input in a message.</summary>
    public static string Shorten(string text, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), "…");
    }

    private static bool IsRefused(char c, bool allowLineBreaks)
    {
        if (allowLineBreaks && c is '\n' or '\t')
        {
            return false;
        }

        // U+200D joins emoji sequences (👩‍💻): invisible but harmless, and common in names people type.
        return char.IsControl(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c != '\u200d');
    }
}
