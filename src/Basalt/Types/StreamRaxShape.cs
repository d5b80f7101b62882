namespace Basalt.Types;

/// <summary>
/// The number of radix tree nodes Redis would use to index a stream's nodes by their 16-byte
/// big-endian master IDs (XINFO STREAM radix-tree-nodes, rax->numnodes). Basalt keeps its nodes
/// in a sorted list, so the count is found by replaying rax.c's insertion (node splitting and
/// compression) for the master IDs in order. This is exact for streams only ever appended to;
/// after whole nodes were trimmed or deleted Redis's tree may keep a shape that a fresh build
/// does not have.
/// </summary>
public static class StreamRaxShape
{
    /// <summary>RAX_NODE_MAX_SIZE: the most characters one compressed node holds.</summary>
    private const int MaxCompressed = (1 << 29) - 1;

    private sealed class Node
    {
        public bool Compressed;
        public List<byte> Data = [];
        public List<Node> Children = [];
    }

    public static long CountNodes(IReadOnlyList<StreamNode> nodes)
    {
        var head = new Node();
        long count = 1;
        Span<byte> key = stackalloc byte[16];
        foreach (var node in nodes)
        {
            node.MasterId.WriteBigEndian(key);
            head = Insert(head, key, ref count);
        }
        return count;
    }

    /// <summary>raxGenericInsert for a key not yet present; returns the (possibly replaced) head.</summary>
    private static Node Insert(Node head, ReadOnlySpan<byte> s, ref long count)
    {
        Node h = head;
        Node? parent = null;
        var parentIndex = 0;
        int i = 0, j = 0;
        while (h.Data.Count > 0 && i < s.Length)
        {
            if (h.Compressed)
            {
                for (j = 0; j < h.Data.Count && i < s.Length; j++, i++)
                {
                    if (h.Data[j] != s[i])
                    {
                        break;
                    }
                }
                if (j != h.Data.Count)
                {
                    break;
                }
                parent = h;
                parentIndex = 0;
                h = h.Children[0];
            }
            else
            {
                for (j = 0; j < h.Data.Count; j++)
                {
                    if (h.Data[j] == s[i])
                    {
                        break;
                    }
                }
                if (j == h.Data.Count)
                {
                    break;
                }
                i++;
                parent = h;
                parentIndex = j;
                h = h.Children[j];
            }
            j = 0;
        }
        if (i == s.Length)
        {
            return head;
        }
        if (h.Compressed)
        {
            // Splitting a compressed node at the first differing character.
            var next = h.Children[0];
            var split = new Node { Data = [h.Data[j]] };
            count++;
            var postfixLength = h.Data.Count - j - 1;
            Node replacement;
            if (j == 0)
            {
                replacement = split;
            }
            else
            {
                replacement = new Node { Compressed = j > 1, Data = h.Data.GetRange(0, j), Children = [split] };
                count++;
            }
            if (postfixLength > 0)
            {
                split.Children = [new Node { Compressed = postfixLength > 1, Data = h.Data.GetRange(j + 1, postfixLength), Children = [next] }];
                count++;
            }
            else
            {
                split.Children = [next];
            }
            count--;
            if (parent is null)
            {
                head = replacement;
            }
            else
            {
                parent.Children[parentIndex] = replacement;
            }
            h = split;
        }
        while (i < s.Length)
        {
            var child = new Node();
            count++;
            if (h.Data.Count == 0 && s.Length - i > 1)
            {
                var size = Math.Min(s.Length - i, MaxCompressed);
                h.Compressed = true;
                h.Data = [.. s.Slice(i, size)];
                h.Children = [child];
                i += size;
            }
            else
            {
                var at = 0;
                while (at < h.Data.Count && h.Data[at] < s[i])
                {
                    at++;
                }
                h.Data.Insert(at, s[i]);
                h.Children.Insert(at, child);
                i++;
            }
            h = child;
        }
        return head;
    }
}
