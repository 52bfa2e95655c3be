using System.Numerics;

namespace Centroid.Tests.Clustering;

/// <summary>Every kind of bad input gets an exception from the ArgumentException family that names the problem.</summary>
public abstract class BadInputTests<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly KMeans<T> ThreeClusters = new(new KMeansOptions { Clusters = 3, RandomState = 0 });

    [Fact]
    public void FewerSamplesThanClusters_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(2, 2)));
        Assert.Contains("n_samples=2 should be >= n_clusters=3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInput_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(new DenseMatrix<T>([], 0, 4)));
        Assert.Contains("0 samples", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCsrInput_Throws() =>
        Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(new CsrMatrix<T>([], [], [0], 4)));

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinity")]
    [InlineData(double.NegativeInfinity, "infinity")]
    public void NonFiniteValue_Throws_NamingRowAndColumn(double value, string word)
    {
        T[] data = Values(10, 3);
        data[(4 * 3) + 2] = T.CreateTruncating(value);

        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(new DenseMatrix<T>(data, 10, 3)));
        Assert.Contains($"{word} at row 4, column 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteCsrValue_Throws_NamingRowAndColumn()
    {
        var x = new CsrMatrix<T>([T.One, T.NaN, T.One, T.One], [0, 1, 0, 1], [0, 2, 3, 4, 4], 2);

        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(x));
        Assert.Contains("NaN at row 0, column 1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinity")]
    [InlineData(-1.0, "non-negative")]
    public void BadWeight_Throws(double weight, string word)
    {
        T[] weights = Enumerable.Repeat(T.One, 10).ToArray();
        weights[6] = T.CreateTruncating(weight);

        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 2), weights));
        Assert.Contains(word, ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 6", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllZeroWeights_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 2), new T[10]));
        Assert.Contains("zero everywhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsOfTheWrongLength_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 2), Enumerable.Repeat(T.One, 9).ToArray()));
        Assert.Contains("9 entries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialCentersWithTooFewRows_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 5), Dense(2, 5)));
        Assert.Contains("(2, 5) does not match the number of clusters 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialCentersOfTheWrongWidth_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 5), Dense(3, 4)));
        Assert.Contains("number of features of the data 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialCentersWithNaN_Throw()
    {
        T[] centers = Values(3, 2);
        centers[1] = T.NaN;

        Assert.Throws<ArgumentException>(() => ThreeClusters.Fit(Dense(10, 2), new DenseMatrix<T>(centers, 3, 2)));
    }

    [Fact]
    public void PredictWithTheWrongNumberOfFeatures_Throws()
    {
        KMeansModel<T> model = ThreeClusters.Fit(Dense(10, 2));

        var ex = Assert.Throws<ArgumentException>(() => model.Predict(Dense(4, 3)));
        Assert.Contains("X has 3 features, but the model is expecting 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsrRowPointersThatDecrease_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CsrMatrix<T>([T.One, T.One], [0, 1], [0, 2, 1, 2], 2));
        Assert.Contains("must not decrease", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsrColumnIndexOutOfRange_Throws_NamingThePosition()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CsrMatrix<T>([T.One, T.One], [0, 5], [0, 1, 2], 3));
        Assert.Contains("Column index 5 at position 1 is outside [0, 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsrWhoseLastPointerDisagreesWithTheValues_Throws() =>
        Assert.Throws<ArgumentException>(() => new CsrMatrix<T>([T.One, T.One], [0, 1], [0, 1, 1], 3));

    [Fact]
    public void DenseMatrixShorterThanItsShape_Throws() =>
        Assert.Throws<ArgumentException>(() => new DenseMatrix<T>(new T[5], 2, 3));

    [Theory]
    [InlineData(nameof(KMeansOptions.Clusters))]
    [InlineData(nameof(KMeansOptions.MaxIterations))]
    [InlineData(nameof(KMeansOptions.Tolerance))]
    [InlineData(nameof(KMeansOptions.InitRuns))]
    [InlineData(nameof(KMeansOptions.MaxDegreeOfParallelism))]
    public void OptionOutOfRange_Throws_NamingTheOption(string option)
    {
        KMeansOptions options = option switch
        {
            nameof(KMeansOptions.Clusters) => new KMeansOptions { Clusters = 0 },
            nameof(KMeansOptions.MaxIterations) => new KMeansOptions { MaxIterations = 0 },
            nameof(KMeansOptions.Tolerance) => new KMeansOptions { Tolerance = -1 },
            nameof(KMeansOptions.InitRuns) => new KMeansOptions { InitRuns = 0 },
            _ => new KMeansOptions { MaxDegreeOfParallelism = 0 },
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans<T>(options).Fit(Dense(10, 2)));
        Assert.Equal(option, ex.ParamName);
    }

    [Fact]
    public void RandomInitWithFewerPositiveWeightsThanClusters_Throws()
    {
        T[] weights = new T[10];
        weights[0] = weights[1] = T.One;

        Assert.Throws<ArgumentException>(() => new KMeans<T>(new KMeansOptions { Clusters = 3, Init = KMeansInit.Random }).Fit(Dense(10, 2), weights));
    }

    private static DenseMatrix<T> Dense(int rows, int columns) => new(Values(rows, columns), rows, columns);

    private static T[] Values(int rows, int columns) => TestData.Uniform<T>(rows, columns, rows + columns);
}

/// <summary>Bad input in float32.</summary>
public sealed class BadInputTestsSingle : BadInputTests<float>
{
}

/// <summary>Bad input in float64.</summary>
public sealed class BadInputTestsDouble : BadInputTests<double>
{
}
