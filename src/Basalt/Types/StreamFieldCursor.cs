using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>Walks the field/value pairs of one stream entry, taking names from the master entry when compressed.</summary>
public ref struct StreamFieldCursor
{
    private readonly Listpack _listpack;
    private readonly bool _sameFields;
    private int _fieldPos;
    private int _valuePos;

    public StreamFieldCursor(StreamNode node, int entryPos)
    {
        _listpack = node.Listpack;
        _sameFields = (node.FlagsAt(entryPos) & StreamNode.FlagSameFields) != 0;
        var pos = _listpack.Next(_listpack.Next(_listpack.Next(entryPos)));
        if (_sameFields)
        {
            Count = (int)node.MasterFieldCount;
            _fieldPos = node.MasterFieldsPos;
            _valuePos = pos;
        }
        else
        {
            Count = (int)_listpack.Get(pos).Integer;
            _fieldPos = _listpack.Next(pos);
        }
        Remaining = Count;
    }

    public int Count { get; }

    public int Remaining { get; private set; }

    /// <summary>The next pair; false when all were read.</summary>
    public bool MoveNext(out ListpackEntry field, out ListpackEntry value)
    {
        if (Remaining == 0)
        {
            field = default;
            value = default;
            return false;
        }
        Remaining--;
        if (_sameFields)
        {
            field = _listpack.Get(_fieldPos);
            value = _listpack.Get(_valuePos);
            _fieldPos = _listpack.Next(_fieldPos);
            _valuePos = _listpack.Next(_valuePos);
        }
        else
        {
            field = _listpack.Get(_fieldPos);
            var valuePos = _listpack.Next(_fieldPos);
            value = _listpack.Get(valuePos);
            _fieldPos = _listpack.Next(valuePos);
        }
        return true;
    }
}
