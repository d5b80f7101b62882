using Basalt.Persistence.Rdb;

namespace Basalt.Tools;

/// <summary>How <c>basalt rdb</c> presents a file (a table for people, JSON for scripts), fed in file order.</summary>
internal interface IRdbInspectOutput
{
    void Aux(byte[] name, byte[] value);

    void Function(byte[] libraryName);

    void Key(RdbKeyRecord key);

    /// <summary>The whole file was read.</summary>
    void Completed(RdbReadResult result);

    /// <summary>The file is corrupt: what was read before is already out.</summary>
    void Failed(RdbFormatException error);
}
