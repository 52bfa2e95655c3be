using System.Numerics;

namespace Centroid.Kernels;

/// <summary>
/// NumPy's default <c>argsort</c> (<c>kind='quicksort'</c>) as NumPy 1.24 runs it without SIMD dispatch: an introsort
/// (median-of-three quicksort, insertion sort below 16 elements, heapsort past 2⌊log₂ n⌋ levels). It is not stable,
/// and scikit-learn's mini-batch reassignment depends on how it orders equal counts; this port orders them as NumPy
/// 1.24 does (checked against it on thousands of tie-heavy arrays). NumPy ≥ 1.25 may dispatch to x86-simd-sort on
/// AVX-512/AVX2 machines, which orders ties differently.
/// </summary>
internal static class NumpyArgSort
{
    private const int SmallQuicksort = 15;

    /// <summary>Writes into <paramref name="order"/> the indices 0..n−1 sorted by <paramref name="values"/>, as NumPy would.</summary>
    public static void Sort<T>(ReadOnlySpan<T> values, Span<int> order) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = values.Length;
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        if (n < 2)
        {
            return;
        }

        // NumPy keeps explicit stacks of (left, right) bounds and depth limits; 128 levels cover any int length.
        Span<int> stack = stackalloc int[256];
        Span<int> depths = stackalloc int[128];
        int top = 0;
        int depthTop = 0;
        int left = 0;
        int right = n - 1;
        int depth = 2 * MostSignificantBit(n);
        while (true)
        {
            if (depth < 0)
            {
                HeapSort(values, order.Slice(left, right - left + 1));
            }
            else
            {
                while (right - left > SmallQuicksort)
                {
                    int middle = left + ((right - left) >> 1);
                    if (values[order[middle]] < values[order[left]])
                    {
                        Swap(order, middle, left);
                    }

                    if (values[order[right]] < values[order[middle]])
                    {
                        Swap(order, right, middle);
                    }

                    if (values[order[middle]] < values[order[left]])
                    {
                        Swap(order, middle, left);
                    }

                    T pivot = values[order[middle]];
                    int i = left;
                    int j = right - 1;
                    Swap(order, middle, j);
                    while (true)
                    {
                        do
                        {
                            i++;
                        }
                        while (values[order[i]] < pivot);

                        do
                        {
                            j--;
                        }
                        while (pivot < values[order[j]]);

                        if (i >= j)
                        {
                            break;
                        }

                        Swap(order, i, j);
                    }

                    Swap(order, i, right - 1);

                    // The larger side is pushed, the smaller one sorted next.
                    if (i - left < right - i)
                    {
                        stack[top++] = i + 1;
                        stack[top++] = right;
                        right = i - 1;
                    }
                    else
                    {
                        stack[top++] = left;
                        stack[top++] = i - 1;
                        left = i + 1;
                    }

                    depths[depthTop++] = --depth;
                }

                for (int i = left + 1; i <= right; i++)
                {
                    int index = order[i];
                    T value = values[index];
                    int j = i;
                    while (j > left && value < values[order[j - 1]])
                    {
                        order[j] = order[j - 1];
                        j--;
                    }

                    order[j] = index;
                }
            }

            if (top == 0)
            {
                break;
            }

            right = stack[--top];
            left = stack[--top];
            depth = depths[--depthTop];
        }
    }

    /// <summary>NumPy's <c>aheapsort</c> on a slice of the order (1-based heap indexing, as its source).</summary>
    private static void HeapSort<T>(ReadOnlySpan<T> values, Span<int> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length;
        for (int l = n >> 1; l > 0; l--)
        {
            Sift(values, a, l, n, a[l - 1]);
        }

        while (n > 1)
        {
            int top = a[n - 1];
            a[n - 1] = a[0];
            n--;
            Sift(values, a, 1, n, top);
        }
    }

    private static void Sift<T>(ReadOnlySpan<T> values, Span<int> a, int start, int n, int item) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = start;
        int j = start << 1;
        while (j <= n)
        {
            if (j < n && values[a[j - 1]] < values[a[j]])
            {
                j++;
            }

            if (values[item] < values[a[j - 1]])
            {
                a[i - 1] = a[j - 1];
                i = j;
                j += j;
            }
            else
            {
                break;
            }
        }

        a[i - 1] = item;
    }

    private static int MostSignificantBit(int n)
    {
        int bit = 0;
        while ((n >>= 1) != 0)
        {
            bit++;
        }

        return bit;
    }

    private static void Swap(Span<int> order, int i, int j) => (order[i], order[j]) = (order[j], order[i]);
}
