namespace Centroid.Cli;

/// <summary>The help texts: <c>centroid --help</c> shows them all, <c>centroid COMMAND --help</c> its own.</summary>
internal static class UsageText
{
    private const string Synopsis = """
        usage: centroid fit INPUT -k K [options]
               centroid predict CENTERS.npy INPUT --out DIR
               centroid profile [--n N] [--d D] [-k K] [--seed S] [--out DIR]
               centroid demo [--n N] [--d D] [-k K] [--seed S] [--out DIR]
               centroid --help | -h
               centroid COMMAND --help
               centroid --version
        """;

    private const string FitSection = """
        fit: k-means clustering of INPUT with scikit-learn's KMeans semantics
          (MiniBatchKMeans with --algorithm minibatch).
          INPUT is .npy (2-D float32 or float64), .npz (scipy.sparse.save_npz, CSR)
          or .csv (numbers, one sample per line, an optional header line).

          -k K                     number of clusters (required)
          --init METHOD            k-means++ (default), random, or CENTERS.npy:
                                   a k x d array of initial centers
          --n-init auto|N          initialisations, keeping the lowest inertia;
                                   auto (default) is 1 for k-means++ and CENTERS.npy,
                                   10 for random (3 with minibatch)
          --max-iter N             most iterations per initialisation (default 300);
                                   minibatch: most passes over the data (default 100)
          --tol X                  relative tolerance on the center shift (default
                                   1e-4; minibatch: default 0, off)
          --seed N                 random seed, 0 to 4294967295 (default: drawn at
                                   random and recorded in summary.json)
          --threads N              most threads to use (default: all processors)
          --algorithm lloyd|minibatch|elkan|auto|hamerly|exponion|yinyang
                                   auto (default): KMeans by the fastest algorithm
                                   for the data's shape, lloyd's result
                                   (summary.json names the one that ran); lloyd:
                                   KMeans, every distance; elkan, hamerly,
                                   exponion, yinyang: KMeans with distance bounds,
                                   same result as lloyd; minibatch: MiniBatchKMeans
                                   (early stop on the smoothed batch inertia)
          --batch-size N           minibatch only: samples per batch (default 1024)
          --out DIR                output directory (default ./centroid-out)
          --verbose                print scikit-learn's per-iteration lines
          --dtype float32|float64  element type of CSV input (default float64);
                                   .npy and .npz input keep their own

          Writes to DIR: centers.npy (k x d, the input's dtype), labels.npy (int32,
          one per sample) and summary.json (with minibatch also batch_size and
          steps, the batches processed).
        """;

    private const string PredictSection = """
        predict: labels each sample of INPUT (.npy, .npz or .csv, as for fit) with
          its nearest center in CENTERS.npy (k x d, e.g. a fit's centers.npy) and
          writes DIR/labels.npy (int32). INPUT's dtype is used; the centers are
          converted to it.

          --out DIR                output directory (required)
        """;

    private const string DemoSection = """
        demo: generates uniform [0, 1) data with a seeded System.Random, writes it
          to DIR/data.npy (float64) and fits it exactly as 'centroid fit' would.

          --n N                    samples (default 200000)
          --d D                    features (default 20)
          -k K                     clusters (default 8)
          --seed S                 seed of the data and of the fit, 0 to
                                   2147483647 (default 0)
          --out DIR                output directory (default ./centroid-demo)
        """;

    private const string ProfileSection = """
        profile: the memory profile. Generates uniform [0, 1) data with a seeded
          System.Random as float64 and float32 .npy and SciPy CSR .npz files, runs
          'centroid fit FILE -k K --seed S --n-init 1' on each, with each estimator,
          in a process of its own while sampling its resident memory every 10 ms,
          and the same command on the first 200 rows. Prints a table (input, peak
          memory, fit time, iterations, inertia), each fit's peak minus the 200-row
          peak against the bar 1.1 x input + 4 B x rows + 8 MiB, and writes
          DIR/memory-over-time.png and DIR/peak-memory.png. Linux only (/proc).

          --n N                    samples (default 200000)
          --d D                    features (default 20)
          -k K                     clusters (default 8)
          --seed S                 seed of the data and of the fits, 0 to
                                   2147483647 (default 0)
          --out DIR                output directory (default ./centroid-profile)
        """;

    private const string ExitStatus = """
        Exit status: 0 success, 1 error, 2 usage error, 130 interrupted (Ctrl+C).
        """;

    // Raw literals end without a line break; sections are separated by a blank line.
    public const string Full = Synopsis + "\n\n" + FitSection + "\n\n" + PredictSection + "\n\n" + ProfileSection + "\n\n" + DemoSection + "\n\n" + ExitStatus + "\n";

    public const string Fit = "usage: centroid fit INPUT -k K [options]\n\n" + FitSection + "\n\n" + ExitStatus + "\n";

    public const string Predict = "usage: centroid predict CENTERS.npy INPUT --out DIR\n\n" + PredictSection + "\n\n" + ExitStatus + "\n";

    public const string Demo = "usage: centroid demo [--n N] [--d D] [-k K] [--seed S] [--out DIR]\n\n" + DemoSection + "\n\n" + ExitStatus + "\n";

    public const string Profile = "usage: centroid profile [--n N] [--d D] [-k K] [--seed S] [--out DIR]\n\n" + ProfileSection + "\n\n" + ExitStatus + "\n";
}
