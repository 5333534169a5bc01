using System.Globalization;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The <c>statusCode</c> a MOCK integration's request template renders (how-to-mock-integration:
/// <c>{"statusCode": 200}</c>). API Gateway reads it leniently: CDK's CORS preflight template
/// <c>{ statusCode: 200 }</c> has an unquoted key and works on AWS (LocalStack's notes on CDK users), so keys may be
/// bare or single-quoted. The value must be an integer.
/// </summary>
public static class MockStatusCode
{
    /// <summary>The outcome: <see cref="MockStatusRead.Empty"/> for a blank body, else the integer status or
    /// <see cref="MockStatusRead.Invalid"/>.</summary>
    public static MockStatusRead Read(string body, out int statusCode)
    {
        ArgumentNullException.ThrowIfNull(body);
        statusCode = 0;
        var reader = new Scanner(body);
        reader.SkipWhitespace();
        if (reader.AtEnd)
        {
            return MockStatusRead.Empty;
        }

        if (!reader.TryTake('{'))
        {
            return MockStatusRead.Invalid;
        }

        int? found = null;
        while (true)
        {
            reader.SkipWhitespace();
            if (reader.TryTake('}'))
            {
                break;
            }

            if (!reader.TryReadKey(out var key))
            {
                return MockStatusRead.Invalid;
            }

            reader.SkipWhitespace();
            if (!reader.TryTake(':'))
            {
                return MockStatusRead.Invalid;
            }

            reader.SkipWhitespace();
            if (key == "statusCode")
            {
                if (!reader.TryReadInteger(out var value))
                {
                    return MockStatusRead.Invalid;
                }

                found = value;
            }
            else if (!reader.TrySkipValue())
            {
                return MockStatusRead.Invalid;
            }

            reader.SkipWhitespace();
            if (reader.TryTake(','))
            {
                continue;
            }

            if (reader.TryTake('}'))
            {
                break;
            }

            return MockStatusRead.Invalid;
        }

        if (found is not { } status || status is < 100 or > 599)
        {
            return MockStatusRead.Invalid;
        }

        statusCode = status;
        return MockStatusRead.Found;
    }

    private ref struct Scanner(string text)
    {
        private readonly string _text = text;
        private int _position;

        public readonly bool AtEnd => _position >= _text.Length;

        public void SkipWhitespace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        public bool TryTake(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        public bool TryReadKey(out string key)
        {
            key = "";
            if (AtEnd)
            {
                return false;
            }

            if (_text[_position] is '"' or '\'')
            {
                return TryReadQuoted(out key);
            }

            var start = _position;
            while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$' or '-'))
            {
                _position++;
            }

            key = _text[start.._position];
            return key.Length > 0;
        }

        public bool TryReadInteger(out int value)
        {
            var start = _position;
            if (_position < _text.Length && _text[_position] == '-')
            {
                _position++;
            }

            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }

            return int.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) &&
                (AtEnd || _text[_position] is not ('.' or 'e' or 'E'));
        }

        public bool TrySkipValue()
        {
            if (AtEnd)
            {
                return false;
            }

            var c = _text[_position];
            if (c is '"' or '\'')
            {
                return TryReadQuoted(out _);
            }

            if (c is '{' or '[')
            {
                var depth = 0;
                while (_position < _text.Length)
                {
                    c = _text[_position];
                    if (c is '"' or '\'')
                    {
                        if (!TryReadQuoted(out _))
                        {
                            return false;
                        }

                        continue;
                    }

                    _position++;
                    if (c is '{' or '[')
                    {
                        depth++;
                    }
                    else if (c is '}' or ']' && --depth == 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            var start = _position;
            while (_position < _text.Length && _text[_position] is not (',' or '}') && !char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }

            return _position > start;
        }

        private bool TryReadQuoted(out string value)
        {
            var quote = _text[_position++];
            var start = _position;
            while (_position < _text.Length && _text[_position] != quote)
            {
                _position += _text[_position] == '\\' ? 2 : 1;
            }

            if (_position >= _text.Length)
            {
                value = "";
                return false;
            }

            value = _text[start.._position];
            _position++;
            return true;
        }
    }
}

/// <summary>What a MOCK request body says of the status.</summary>
public enum MockStatusRead
{
    /// <summary>A blank body: no template rendered one, so the default integration response applies.</summary>
    Empty,

    Found,

    /// <summary>Not an object with an integer <c>statusCode</c>: AWS fails with "Unable to parse statusCode" (500).</summary>
    Invalid,
}
