using System.Globalization;
using System.Text;

namespace Centroid.IO;

/// <summary>
/// Parses the small subset of Python literal syntax that <c>.npy</c> headers use: dicts, tuples, lists, strings,
/// integers, <c>True</c>, <c>False</c> and <c>None</c>.
/// </summary>
/// <remarks>
/// NumPy reads the header with <c>ast.literal_eval</c>, so hand-written or old headers may differ from what
/// <c>np.save</c> writes today (double quotes, no trailing comma, Python 2 <c>3L</c> integers); all of those parse.
/// Values come back as <see cref="string"/>, <see cref="long"/>, <see cref="bool"/>, <see langword="null"/>,
/// <c>object?[]</c> (tuple), <see cref="List{T}"/> (list) and <see cref="Dictionary{TKey, TValue}"/> (dict).
/// </remarks>
internal sealed class PythonLiteralParser
{
    private readonly string _text;
    private int _position;

    private PythonLiteralParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses <paramref name="text"/>, which must hold exactly one literal.</summary>
    /// <param name="text">The literal, with optional surrounding whitespace.</param>
    /// <returns>The parsed value.</returns>
    /// <exception cref="FormatException">The text is not a literal this parser understands.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteralParser(text);
        object? value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the value");
        }

        return value;
    }

    /// <summary>Renders a parsed value back in Python notation, for error messages.</summary>
    /// <param name="value">A value returned by <see cref="Parse"/>.</param>
    /// <returns>The value as Python would print it.</returns>
    public static string Repr(object? value)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("None");
                break;
            case string s:
                builder.Append('\'').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                break;
            case bool b:
                builder.Append(b ? "True" : "False");
                break;
            case long n:
                builder.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case object?[] tuple:
                builder.Append('(');
                for (int i = 0; i < tuple.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendRepr(builder, tuple[i]);
                }

                builder.Append(tuple.Length == 1 ? ",)" : ")");
                break;
            case List<object?> list:
                builder.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    AppendRepr(builder, list[i]);
                }

                builder.Append(']');
                break;
            case Dictionary<string, object?> dict:
                builder.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, object?> pair in dict)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendRepr(builder, pair.Key);
                    builder.Append(": ");
                    AppendRepr(builder, pair.Value);
                }

                builder.Append('}');
                break;
            default:
                builder.Append(value);
                break;
        }
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of text");
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseDict();
            case '(':
                return ParseSequence(')').ToArray();
            case '[':
                return ParseSequence(']');
            case '\'':
            case '"':
                return ParseString();
            default:
                if (c is '-' or '+' || char.IsAsciiDigit(c))
                {
                    return ParseInteger();
                }

                if (char.IsAsciiLetter(c))
                {
                    return ParseKeyword();
                }

                throw Error($"unexpected character '{c}'");
        }
    }

    private Dictionary<string, object?> ParseDict()
    {
        _position++; // '{'
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return dict;
            }

            if (ParseValue() is not string key)
            {
                throw Error("dict keys must be strings");
            }

            SkipWhitespace();
            Expect(':');
            if (!dict.TryAdd(key, ParseValue()))
            {
                throw Error($"duplicate key '{key}'");
            }

            SkipWhitespace();
            if (TryConsume('}'))
            {
                return dict;
            }

            Expect(',');
        }
    }

    private List<object?> ParseSequence(char close)
    {
        _position++; // '(' or '['
        var items = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            items.Add(ParseValue());
            SkipWhitespace();
            if (TryConsume(close))
            {
                return items;
            }

            Expect(',');
        }
    }

    private string ParseString()
    {
        char quote = _text[_position++];
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            char c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c == '\\' && _position < _text.Length)
            {
                char escaped = _text[_position++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    _ => escaped,
                });
                continue;
            }

            builder.Append(c);
        }

        throw Error("unterminated string");
    }

    private long ParseInteger()
    {
        int start = _position;
        if (_text[_position] is '-' or '+')
        {
            _position++;
        }

        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        ReadOnlySpan<char> digits = _text.AsSpan(start, _position - start);

        // Python 2 wrote shapes as (3L, 4L).
        if (_position < _text.Length && _text[_position] is 'L' or 'l')
        {
            _position++;
        }

        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error($"'{digits}' is not an integer in the 64-bit range");
        }

        return value;
    }

    private object? ParseKeyword()
    {
        int start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        ReadOnlySpan<char> word = _text.AsSpan(start, _position - start);
        return word switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error($"unexpected name '{word}'"),
        };
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Error(_position < _text.Length ? $"expected '{c}' but found '{_text[_position]}'" : $"expected '{c}' but the text ended");
        }
    }

    private FormatException Error(string message) => new($"{message} at offset {_position}");
}
