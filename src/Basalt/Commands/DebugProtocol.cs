namespace Basalt.Commands;

/// <summary>
/// DEBUG PROTOCOL &lt;type&gt;: a sample of each RESP3 type, as Redis 7.0 sends it in RESP3 and
/// its RESP2 fallback (clients use it to test their parsers).
/// </summary>
public static class DebugProtocol
{
    public static void Reply(CommandContext ctx)
    {
        var reply = ctx.Reply;
        var resp3 = ctx.Client.Protocol >= 3;
        if (ctx.Is(2, "string"))
        {
            reply.Bulk("Hello World"u8);
        }
        else if (ctx.Is(2, "integer"))
        {
            reply.Integer(12345);
        }
        else if (ctx.Is(2, "double"))
        {
            reply.Double(3.141);
        }
        else if (ctx.Is(2, "bignum"))
        {
            const string BigNumber = "1234567999999999999999999999999999999";
            if (resp3)
            {
                reply.Raw("("u8);
                reply.Raw(System.Text.Encoding.ASCII.GetBytes(BigNumber));
                reply.Raw("\r\n"u8);
            }
            else
            {
                reply.Bulk(BigNumber);
            }
        }
        else if (ctx.Is(2, "null"))
        {
            reply.Null();
        }
        else if (ctx.Is(2, "array"))
        {
            reply.ArrayHeader(3);
            WriteZeroOneTwo(reply);
        }
        else if (ctx.Is(2, "set"))
        {
            reply.SetHeader(3);
            WriteZeroOneTwo(reply);
        }
        else if (ctx.Is(2, "map"))
        {
            reply.MapHeader(3);
            for (var j = 0; j < 3; j++)
            {
                reply.Integer(j);
                reply.Boolean(j == 1);
            }
        }
        else if (ctx.Is(2, "attrib"))
        {
            // An attribute annotates the reply that follows it; RESP2 has no attributes, only that reply.
            if (resp3)
            {
                reply.Raw("|1\r\n"u8);
                reply.Bulk("key-popularity"u8);
                reply.ArrayHeader(2);
                reply.Bulk("key:123"u8);
                reply.Integer(90);
            }
            reply.Bulk("Some real reply following the attribute"u8);
        }
        else if (ctx.Is(2, "push"))
        {
            if (!resp3)
            {
                reply.Error("ERR RESP2 is not supported by this command");
                return;
            }
            reply.PushHeader(2);
            reply.Bulk("server-cpu-usage"u8);
            reply.Integer(42);
            // A push is not a reply: the real one follows, so that a client waiting for a reply gets it.
            reply.Bulk("Some real reply following the push reply"u8);
        }
        else if (ctx.Is(2, "true"))
        {
            reply.Boolean(true);
        }
        else if (ctx.Is(2, "false"))
        {
            reply.Boolean(false);
        }
        else if (ctx.Is(2, "verbatim"))
        {
            reply.Verbatim("This is a verbatim\nstring");
        }
        else
        {
            reply.Error("ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    private static void WriteZeroOneTwo(Protocol.ReplyWriter reply)
    {
        for (var j = 0; j < 3; j++)
        {
            reply.Integer(j);
        }
    }
}
