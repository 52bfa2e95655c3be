using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Centroid.IO;

/// <summary>
/// Reads a numeric CSV file (one sample per line, one feature per field) into a dense matrix, in two passes so the
/// data is held only once: the first pass measures the shape and checks every line's field count, then the
/// array is allocated and the second pass parses straight into it.
/// </summary>
/// <remarks>
/// <para>Numbers are parsed with the invariant culture (a point as the decimal separator). <c>nan</c>, <c>inf</c>,
/// <c>-inf</c> and <c>Infinity</c> (any case) parse to NaN and infinities; they are not rejected here, since
/// whether they are acceptable is for the consumer of the matrix to decide.</para>
/// <para>Fields may be enclosed in double quotes (a doubled quote inside stands for one), so a header may hold
/// delimiters; a quoted field cannot span lines. Blank lines are allowed only at the end of the file.</para>
/// <para>Every problem is an <see cref="InvalidDataException"/> whose message names the file, and the line and column
/// where there is one.</para>
/// </remarks>
public static class CsvMatrixReader
{
    // Longer fields are shortened in error messages.
    private const int MaxShownField = 40;

    /// <summary>Reads a numeric CSV file as a rows × columns matrix.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="options">The delimiter and header handling; <see cref="CsvReadOptions.Default"/> when null.</param>
    /// <returns>A matrix over a newly allocated array.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="ArgumentException">The delimiter is a double quote or a line break.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is empty or has only a header, a line has a different number of fields than the first, a field is
    /// empty or not a number, a quote is unterminated, or a blank line is followed by data.
    /// </exception>
    public static DenseMatrix<T> Read<T>(string path, CsvReadOptions? options = null)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"CsvMatrixReader reads float or double matrices, not {typeof(T).Name}.");
        }

        options ??= CsvReadOptions.Default;
        char delimiter = options.Delimiter;
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The delimiter cannot be a double quote or a line break.", nameof(options));
        }

        (int rows, int columns, bool hasHeader) = Measure<T>(path, delimiter, options.HasHeader);
        T[] data = GC.AllocateUninitializedArray<T>(rows * columns);
        Fill(path, delimiter, hasHeader, data, rows, columns);
        return new DenseMatrix<T>(data, rows, columns);
    }

    private static (int Rows, int Columns, bool HasHeader) Measure<T>(string path, char delimiter, bool? hasHeader)
        where T : unmanaged
    {
        using StreamReader reader = OpenText(path);
        int lineNumber = 0;
        int firstLine = 0;
        int blankLine = 0;
        int columns = 0;
        long rows = 0;
        bool header = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                blankLine = blankLine == 0 ? lineNumber : blankLine;
                continue;
            }

            if (blankLine != 0)
            {
                throw Error(path, $"line {blankLine} is blank; blank lines are allowed only at the end of the file.");
            }

            int fields = CountFields(line, delimiter, path, lineNumber);
            if (firstLine == 0)
            {
                firstLine = lineNumber;
                columns = fields;
                header = hasHeader ?? LooksLikeHeader<T>(line, delimiter, path, lineNumber);
                rows += header ? 0 : 1;
                continue;
            }

            if (fields != columns)
            {
                throw Error(path, $"line {lineNumber} has {fields} fields, expected {columns} (as on line {firstLine}).");
            }

            rows++;
        }

        if (firstLine == 0)
        {
            throw Error(path, "the file is empty.");
        }

        if (rows == 0)
        {
            throw Error(path, $"the file has a header row (line {firstLine}) but no data rows.");
        }

        if (rows * columns > Array.MaxLength)
        {
            throw Error(path, $"{rows} rows of {columns} fields are more values than a .NET array holds ({Array.MaxLength}).");
        }

        return ((int)rows, columns, header);
    }

    private static void Fill<T>(string path, char delimiter, bool hasHeader, T[] data, int rows, int columns)
        where T : unmanaged
    {
        using StreamReader reader = OpenText(path);
        bool skipHeader = hasHeader;
        int lineNumber = 0;
        int row = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (skipHeader)
            {
                skipHeader = false;
                continue;
            }

            if (row == rows)
            {
                throw Changed(path, lineNumber);
            }

            Span<T> target = data.AsSpan(row * columns, columns);
            int position = 0;
            for (int column = 0; column < columns; column++)
            {
                if (position > line.Length)
                {
                    throw Changed(path, lineNumber);
                }

                ReadOnlySpan<char> field = NextField(line, ref position, delimiter, path, lineNumber).Trim();
                if (!TryParse(field, out target[column]))
                {
                    throw Error(
                        path,
                        field.IsEmpty
                            ? $"line {lineNumber}, column {column + 1}: the field is empty; missing values are not supported."
                            : $"line {lineNumber}, column {column + 1}: cannot parse '{Shorten(field)}' as a number.");
                }
            }

            if (position <= line.Length)
            {
                throw Changed(path, lineNumber);
            }

            row++;
        }

        if (row != rows)
        {
            throw Changed(path, lineNumber);
        }
    }

    private static bool LooksLikeHeader<T>(string line, char delimiter, string path, int lineNumber)
        where T : unmanaged
    {
        int position = 0;
        while (position <= line.Length)
        {
            // An empty field is a missing value in a data row, not a sign of a header; it is reported when parsed.
            ReadOnlySpan<char> field = NextField(line, ref position, delimiter, path, lineNumber).Trim();
            if (!field.IsEmpty && !TryParse(field, out T _))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountFields(string line, char delimiter, string path, int lineNumber)
    {
        int count = 0;
        int position = 0;
        while (position <= line.Length)
        {
            NextField(line, ref position, delimiter, path, lineNumber);
            count++;
        }

        return count;
    }

    // Returns the field starting at position, without its quotes, and moves position past the delimiter that
    // ends it; after the last field position is line.Length + 1.
    private static ReadOnlySpan<char> NextField(string line, ref int position, char delimiter, string path, int lineNumber)
    {
        int start = position;
        int i = start;
        while (i < line.Length && IsPadding(line[i], delimiter))
        {
            i++;
        }

        if (i < line.Length && line[i] == '"')
        {
            int contentStart = i + 1;
            int search = contentStart;
            while (true)
            {
                int quote = line.IndexOf('"', search);
                if (quote < 0)
                {
                    throw Error(path, $"line {lineNumber}: a quoted field is not closed (quoted fields cannot span lines).");
                }

                if (quote + 1 < line.Length && line[quote + 1] == '"')
                {
                    search = quote + 2;
                    continue;
                }

                int after = quote + 1;
                while (after < line.Length && IsPadding(line[after], delimiter))
                {
                    after++;
                }

                if (after < line.Length && line[after] != delimiter)
                {
                    throw Error(path, $"line {lineNumber}: unexpected text after the closing quote at character {quote + 1}.");
                }

                position = after + 1;
                return line.AsSpan(contentStart, quote - contentStart);
            }
        }

        int end = line.IndexOf(delimiter, start);
        if (end < 0)
        {
            position = line.Length + 1;
            return line.AsSpan(start);
        }

        position = end + 1;
        return line.AsSpan(start, end - start);
    }

    private static bool IsPadding(char c, char delimiter) => c != delimiter && c is ' ' or '\t';

    private static bool TryParse<T>(ReadOnlySpan<char> text, out T value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            bool parsed = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single);
            if (!parsed && TryParseSpecial(text, out double special))
            {
                single = (float)special;
                parsed = true;
            }

            value = Unsafe.As<float, T>(ref single);
            return parsed;
        }
        else
        {
            bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                || TryParseSpecial(text, out number);
            value = Unsafe.As<double, T>(ref number);
            return parsed;
        }
    }

    // .NET parses "NaN" and "Infinity" but not the "inf" that Python and NumPy write.
    private static bool TryParseSpecial(ReadOnlySpan<char> text, out double value)
    {
        bool negative = text.Length > 0 && text[0] == '-';
        ReadOnlySpan<char> body = text.Length > 0 && text[0] is '-' or '+' ? text[1..] : text;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        value = 0;
        return false;
    }

    private static StreamReader OpenText(string path) => new(
        path,
        Encoding.UTF8,
        detectEncodingFromByteOrderMarks: true,
        new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 1 << 16,
            Options = FileOptions.SequentialScan,
        });

    private static string Shorten(ReadOnlySpan<char> field) =>
        field.Length <= MaxShownField ? field.ToString() : string.Concat(field[..MaxShownField], "...");

    private static InvalidDataException Changed(string path, int lineNumber) =>
        Error(path, $"line {lineNumber} differs from the first pass over the file; it changed while being read.");

    private static InvalidDataException Error(string path, string message) => new($"{path}: {message}");
}
