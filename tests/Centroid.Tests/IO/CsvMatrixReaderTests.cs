using System.Text;
using Centroid.IO;

namespace Centroid.Tests.IO;

public sealed class CsvMatrixReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_NoHeader_ReadsEveryLineAsData()
    {
        string path = _temp.WriteText("x.csv", "1,2,3\n4.5,-5,6e2\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
        Assert.Equal([4.5, -5.0, 600.0], matrix.Row(1).ToArray());
    }

    [Fact]
    public void Read_TextHeader_IsDetectedAndSkipped()
    {
        string path = _temp.WriteText("x.csv", "height,weight\n1.5,60\n1.8,80\n");

        DenseMatrix<float> matrix = CsvMatrixReader.Read<float>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal([1.5f, 60f], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_HeaderForced_SkipsNumericFirstLine()
    {
        string path = _temp.WriteText("x.csv", "0,1\n1.5,60\n1.8,80\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path, new CsvReadOptions { HasHeader = true });

        Assert.Equal(2, matrix.Rows);
        Assert.Equal([1.5, 60.0], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_NoHeaderForced_TextFirstLineThrowsNamingLineAndColumn()
    {
        string path = _temp.WriteText("x.csv", "height,weight\n1.5,60\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path, new CsvReadOptions { HasHeader = false }));

        Assert.Contains(path, ex.Message);
        Assert.Contains("line 1, column 1", ex.Message);
        Assert.Contains("'height'", ex.Message);
    }

    [Fact]
    public void Read_FirstRowWithEmptyField_IsDataNotHeader()
    {
        string path = _temp.WriteText("x.csv", "1,,3\n4,5,6\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("line 1, column 2", ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Read_RaggedRow_ThrowsNamingLineAndCounts()
    {
        string path = _temp.WriteText("x.csv", "a,b,c,d\n1,2,3,4\n5,6,7\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("line 3 has 3 fields, expected 4", ex.Message);
    }

    [Fact]
    public void Read_UnparsableField_ThrowsNamingLineAndColumn()
    {
        string path = _temp.WriteText("x.csv", "1,2\n3,4\n5,abc\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("line 3, column 2", ex.Message);
        Assert.Contains("cannot parse 'abc'", ex.Message);
    }

    [Fact]
    public void Read_EmptyField_ThrowsNamingLineAndColumn()
    {
        string path = _temp.WriteText("x.csv", "1,2\n3,\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("line 2, column 2", ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        string path = _temp.WriteText("x.csv", string.Empty);

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Read_OnlyBlankLines_ThrowsEmpty()
    {
        string path = _temp.WriteText("x.csv", "\n  \n\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void Read_HeaderOnly_Throws()
    {
        string path = _temp.WriteText("x.csv", "a,b\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("no data rows", ex.Message);
    }

    [Fact]
    public void Read_TrailingBlankLines_AreIgnored()
    {
        string path = _temp.WriteText("x.csv", "1,2\n3,4\n\n   \n\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(2, matrix.Rows);
    }

    [Fact]
    public void Read_BlankLineBeforeData_ThrowsNamingTheLine()
    {
        string path = _temp.WriteText("x.csv", "1,2\n\n3,4\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("line 2 is blank", ex.Message);
    }

    [Fact]
    public void Read_NanAndInfinityText_ParseToSpecialValues()
    {
        string path = _temp.WriteText("x.csv", "nan,inf,-inf\nNaN,Infinity,-INF\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal([double.NaN, double.PositiveInfinity, double.NegativeInfinity], matrix.Row(0).ToArray());
        Assert.Equal([double.NaN, double.PositiveInfinity, double.NegativeInfinity], matrix.Row(1).ToArray());
    }

    [Fact]
    public void Read_FloatNanAndInfinityText_ParseToSpecialValues()
    {
        string path = _temp.WriteText("x.csv", "nan,+inf\n");

        DenseMatrix<float> matrix = CsvMatrixReader.Read<float>(path);

        Assert.Equal([float.NaN, float.PositiveInfinity], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_SemicolonDelimiter_SplitsOnSemicolons()
    {
        string path = _temp.WriteText("x.csv", "1.5;2\n3;4.25\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path, new CsvReadOptions { Delimiter = ';' });

        Assert.Equal([3.0, 4.25], matrix.Row(1).ToArray());
    }

    [Fact]
    public void Read_TabDelimiter_SplitsOnTabs()
    {
        string path = _temp.WriteText("x.tsv", "a\tb\n1\t2\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path, new CsvReadOptions { Delimiter = '\t' });

        Assert.Equal([1.0, 2.0], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_DecimalComma_IsNotAcceptedBecauseParsingIsInvariant()
    {
        string path = _temp.WriteText("x.csv", "1,5;2\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path, new CsvReadOptions { Delimiter = ';', HasHeader = false }));

        Assert.Contains("cannot parse '1,5'", ex.Message);
    }

    [Fact]
    public void Read_CrLfLineEndingsAndSpaces_AreHandled()
    {
        string path = _temp.WriteText("x.csv", "x, y\r\n 1 , 2\r\n3,4\r\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal([1.0, 2.0], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_QuotedHeaderWithDelimiter_CountsAsOneField()
    {
        string path = _temp.WriteText("x.csv", "\"height, cm\",\"say \"\"hi\"\"\"\n170,1\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(2, matrix.Columns);
        Assert.Equal([170.0, 1.0], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_QuotedNumbers_Parse()
    {
        string path = _temp.WriteText("x.csv", "\"1.5\",\"2\"\n");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal([1.5, 2.0], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsNamingTheLine()
    {
        string path = _temp.WriteText("x.csv", "1,2\n\"3,4\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvMatrixReader.Read<double>(path));

        Assert.Contains("line 2", ex.Message);
        Assert.Contains("not closed", ex.Message);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsSkipped()
    {
        string path = _temp.File("x.csv");
        File.WriteAllText(path, "a,b\n1,2\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(1, matrix.Rows);
    }

    [Fact]
    public void Read_SingleColumn_ReadsOneFeature()
    {
        string path = _temp.WriteText("x.csv", "1\n2\n3");

        DenseMatrix<double> matrix = CsvMatrixReader.Read<double>(path);

        Assert.Equal(3, matrix.Rows);
        Assert.Equal(1, matrix.Columns);
    }

    [Fact]
    public void Read_FloatPrecision_RoundsOnceToFloat()
    {
        string path = _temp.WriteText("x.csv", "0.1,16777217\n");

        DenseMatrix<float> matrix = CsvMatrixReader.Read<float>(path);

        Assert.Equal([0.1f, 16777216f], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CsvMatrixReader.Read<double>(_temp.File("missing.csv")));
    }

    [Fact]
    public void Read_IntElementType_ThrowsNotSupported()
    {
        string path = _temp.WriteText("x.csv", "1,2\n");

        Assert.Throws<NotSupportedException>(() => CsvMatrixReader.Read<int>(path));
    }

    [Fact]
    public void Read_QuoteDelimiter_ThrowsArgumentException()
    {
        string path = _temp.WriteText("x.csv", "1,2\n");

        Assert.Throws<ArgumentException>(() => CsvMatrixReader.Read<double>(path, new CsvReadOptions { Delimiter = '"' }));
    }
}
