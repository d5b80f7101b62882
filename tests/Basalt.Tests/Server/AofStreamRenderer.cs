using System.Globalization;
using System.Text;
using Basalt.Server.Propagation;

namespace Basalt.Tests.Server;

/// <summary>
/// A propagation sink that writes what it receives as an AOF does (feedAppendOnlyFile): each command
/// as a RESP array of bulk strings, a SELECT before a command whose database differs from the last
/// one written, and MULTI ... EXEC around a unit of two or more writes (MULTI carries the database
/// of the first write, so a needed SELECT goes before it).
/// </summary>
public sealed class AofStreamRenderer : IPropagationSink
{
    private readonly MemoryStream _stream = new();
    private int _selectedDb = -1;

    /// <summary>The bytes written so far.</summary>
    public byte[] Bytes => _stream.ToArray();

    public void Append(IReadOnlyList<PropagatedCommand> commands, bool transaction)
    {
        if (commands.Count == 0)
        {
            return;
        }
        if (transaction)
        {
            Write(commands[0].Db, [Encoding.ASCII.GetBytes("MULTI")]);
        }
        foreach (var command in commands)
        {
            Write(command.Db, command.Args);
        }
        if (transaction)
        {
            Write(commands[^1].Db, [Encoding.ASCII.GetBytes("EXEC")]);
        }
    }

    private void Write(int db, byte[][] args)
    {
        if (db != _selectedDb)
        {
            WriteCommand([Encoding.ASCII.GetBytes("SELECT"), Encoding.ASCII.GetBytes(db.ToString(CultureInfo.InvariantCulture))]);
            _selectedDb = db;
        }
        WriteCommand(args);
    }

    private void WriteCommand(byte[][] args)
    {
        WriteLine('*', args.Length);
        foreach (var arg in args)
        {
            WriteLine('$', arg.Length);
            _stream.Write(arg);
            _stream.Write("\r\n"u8);
        }
    }

    private void WriteLine(char type, int number)
    {
        _stream.WriteByte((byte)type);
        _stream.Write(Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture)));
        _stream.Write("\r\n"u8);
    }
}
