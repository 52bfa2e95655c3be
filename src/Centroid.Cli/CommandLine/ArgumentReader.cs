using System.Globalization;

namespace Centroid.Cli.CommandLine;

/// <summary>
/// Walks one command's arguments: options (<c>-k 3</c>, <c>--tol 1e-3</c>, <c>--tol=1e-3</c>, flags such as
/// <c>--verbose</c>) and positional arguments, in any order; <c>--</c> ends the options. Every problem is a
/// <see cref="UsageException"/> naming the option.
/// </summary>
/// <remarks>
/// Typical use: <c>while (reader.MoveNext())</c>, then either take <see cref="Current"/> as a positional argument or
/// switch on the option name and call one of the <c>Read</c> methods for its value.
/// </remarks>
internal sealed class ArgumentReader
{
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _command;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _next;
    private string? _inlineValue;
    private bool _optionsEnded;

    /// <param name="arguments">The arguments after the command name.</param>
    /// <param name="command">The command, for messages ("fit").</param>
    public ArgumentReader(IReadOnlyList<string> arguments, string command)
    {
        _arguments = arguments;
        _command = command;
    }

    /// <summary>The current argument: a positional argument, or an option's name without any <c>=value</c>.</summary>
    public string Current { get; private set; } = string.Empty;

    /// <summary>Whether <see cref="Current"/> is an option.</summary>
    public bool IsOption { get; private set; }

    /// <summary>Moves to the next argument.</summary>
    /// <returns>False when there are no more.</returns>
    public bool MoveNext()
    {
        if (_inlineValue is not null)
        {
            throw new UsageException($"option '{Current}' takes no value");
        }

        while (_next < _arguments.Count)
        {
            string argument = _arguments[_next++];
            if (!_optionsEnded && argument == "--")
            {
                _optionsEnded = true;
                continue;
            }

            IsOption = !_optionsEnded && argument.Length > 1 && argument[0] == '-';
            Current = argument;
            int equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (IsOption && argument.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                Current = argument[..equals];
                _inlineValue = argument[(equals + 1)..];
            }

            return true;
        }

        return false;
    }

    /// <summary>Consumes a flag option, which takes no value.</summary>
    /// <returns>True: the flag is set.</returns>
    public bool ReadFlag()
    {
        MarkSeen();
        return _inlineValue is null ? true : throw new UsageException($"option '{Current}' takes no value");
    }

    /// <summary>Reads the current option's value: the text after <c>=</c>, or the next argument.</summary>
    /// <returns>The value, never empty.</returns>
    public string ReadValue()
    {
        MarkSeen();
        string? value = _inlineValue;
        _inlineValue = null;
        if (value is null && _next < _arguments.Count && IsValue(_arguments[_next]))
        {
            value = _arguments[_next++];
        }

        return string.IsNullOrEmpty(value) ? throw new UsageException($"option '{Current}' needs a value") : value;
    }

    /// <summary>Reads the current option's value as an integer of at least <paramref name="minimum"/>.</summary>
    public int ReadInt32(int minimum) => ParseInt32(ReadValue(), minimum);

    /// <summary>Parses a value of the current option as an integer of at least <paramref name="minimum"/>.</summary>
    public int ParseInt32(string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw new UsageException($"option '{Current}' needs an integer; got '{text}'");
        }

        return value >= minimum ? value : throw new UsageException($"option '{Current}' must be at least {minimum}; got {value}");
    }

    /// <summary>Reads the current option's value as an integer from 0 to <see cref="uint.MaxValue"/>.</summary>
    public uint ReadUInt32()
    {
        string text = ReadValue();
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            ? value
            : throw new UsageException($"option '{Current}' needs an integer from 0 to {uint.MaxValue}; got '{text}'");
    }

    /// <summary>Reads the current option's value as a finite, non-negative number.</summary>
    public double ReadNonNegativeDouble()
    {
        string text = ReadValue();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new UsageException($"option '{Current}' needs a number; got '{text}'");
        }

        return value >= 0 ? value : throw new UsageException($"option '{Current}' must be at least 0; got {text}");
    }

    /// <summary>The error for an option this command does not have.</summary>
    public UsageException UnknownOption() => new($"unknown option '{Current}' for '{_command}'");

    /// <summary>The error for a value outside a fixed list.</summary>
    /// <param name="value">The value given.</param>
    /// <param name="accepted">What is accepted, for the message ("lloyd").</param>
    public UsageException InvalidChoice(string value, string accepted) =>
        new($"option '{Current}' does not accept '{value}'; accepted: {accepted}");

    /// <summary>An argument that can be an option's value: anything that is not an option, plus negative numbers (so range errors name the number).</summary>
    private static bool IsValue(string argument) =>
        argument.Length <= 1 || argument[0] != '-' || double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private void MarkSeen()
    {
        if (!_seen.Add(Current))
        {
            throw new UsageException($"option '{Current}' is given more than once");
        }
    }
}
