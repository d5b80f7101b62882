using Basalt.Commands.Docs;
using Basalt.Protocol;
using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP): the
/// command table as Redis 7.0 describes it, which client libraries and redis-cli read at start.
/// </summary>
public static class CommandCommand
{
    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Loading | CommandFlags.Stale;
        const string Categories = "@slow @connection";
        var command = new CommandSpec("command", -1, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns detailed information about all commands.", All);
        command.AddSubcommand(new CommandSpec("count", 2, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns a count of commands.", Count));
        command.AddSubcommand(new CommandSpec("docs", -2, Flags, 0, 0, 0, Categories, "server", "7.0.0",
            "Returns documentary information about one, multiple or all commands.", Docs));
        command.AddSubcommand(new CommandSpec("getkeys", -4, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Extracts the key names from an arbitrary command.", ctx => GetKeys(ctx, withFlags: false)));
        command.AddSubcommand(new CommandSpec("getkeysandflags", -4, Flags, 0, 0, 0, Categories, "server", "7.0.0",
            "Extracts the key names and access flags for an arbitrary command.", ctx => GetKeys(ctx, withFlags: true)));
        command.AddSubcommand(new CommandSpec("help", 2, Flags, 0, 0, 0, Categories, "server", "5.0.0",
            "Returns helpful text about the different subcommands.", Help));
        command.AddSubcommand(new CommandSpec("info", -2, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns information about one, multiple or all commands.", Info));
        command.AddSubcommand(new CommandSpec("list", -2, Flags, 0, 0, 0, Categories, "server", "7.0.0",
            "Returns a list of command names.", List));
        table.Add(command);
    }

    private static void All(CommandContext ctx)
    {
        var table = ctx.Server.Commands;
        ctx.Reply.ArrayHeader(table.Count);
        foreach (var spec in table.All)
        {
            WriteInfo(ctx.Reply, spec);
        }
    }

    private static void Count(CommandContext ctx) => ctx.Reply.Integer(ctx.Server.Commands.Count);

    private static void Info(CommandContext ctx)
    {
        if (ctx.ArgCount == 2)
        {
            All(ctx);
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (FindByFullName(ctx.Server.Commands, ctx.Arg(i)) is { } spec)
            {
                WriteInfo(ctx.Reply, spec);
            }
            else
            {
                ctx.Reply.NullBulk();
            }
        }
    }

    private static void Docs(CommandContext ctx)
    {
        var reply = ctx.Reply;
        if (ctx.ArgCount == 2)
        {
            var table = ctx.Server.Commands;
            reply.MapHeader(table.Count);
            foreach (var spec in table.All)
            {
                reply.Bulk(spec.FullName);
                WriteDocs(reply, spec);
            }
            return;
        }
        var found = new List<CommandSpec>();
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (FindByFullName(ctx.Server.Commands, ctx.Arg(i)) is { } spec)
            {
                found.Add(spec);
            }
        }
        reply.MapHeader(found.Count);
        foreach (var spec in found)
        {
            reply.Bulk(spec.FullName);
            WriteDocs(reply, spec);
        }
    }

    private static void List(CommandContext ctx)
    {
        Func<CommandSpec, bool>? filter = null;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            var moreArgs = ctx.ArgCount - 1 - i;
            if (!ctx.Is(i, "filterby") || moreArgs != 2)
            {
                ctx.SyntaxError();
                return;
            }
            var argument = ctx.Args.ToArray(i + 2);
            if (ctx.Is(i + 1, "module"))
            {
                // Basalt loads no modules, so no command belongs to one.
                filter = _ => false;
            }
            else if (ctx.Is(i + 1, "aclcat"))
            {
                var category = System.Text.Encoding.UTF8.GetString(argument);
                filter = AclCategories.IsCategory(category)
                    ? spec => AclCategories.Of(spec).Contains(category.ToLowerInvariant())
                    : _ => false;
            }
            else if (ctx.Is(i + 1, "pattern"))
            {
                filter = spec => GlobMatcher.Match(argument, System.Text.Encoding.UTF8.GetBytes(spec.FullName), noCase: true);
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
            i += 2;
        }

        var names = new List<string>();
        foreach (var spec in ctx.Server.Commands.All)
        {
            AddListed(names, spec, filter);
        }
        ctx.Reply.ArrayHeader(names.Count);
        foreach (var name in names)
        {
            ctx.Reply.Bulk(name);
        }
    }

    private static void AddListed(List<string> names, CommandSpec spec, Func<CommandSpec, bool>? filter)
    {
        if (filter is null || filter(spec))
        {
            names.Add(spec.FullName);
        }
        if (spec.Subcommands is not null)
        {
            foreach (var sub in spec.Subcommands.Values)
            {
                AddListed(names, sub, filter);
            }
        }
    }

    private static void GetKeys(CommandContext ctx, bool withFlags)
    {
        var args = ctx.Args;
        var spec = ctx.Server.Commands.Lookup(args[2]);
        if (spec?.Subcommands is not null && args.Count > 3)
        {
            spec = spec.Subcommands.GetValueOrDefault(args.ToStringAt(3));
        }
        var keys = KeyFinder.Extract(spec, args, 2, out var error);
        if (keys is null)
        {
            ctx.Reply.Error(error!);
            return;
        }
        ctx.Reply.ArrayHeader(keys.Count);
        foreach (var key in keys)
        {
            if (withFlags)
            {
                ctx.Reply.ArrayHeader(2);
                ctx.Reply.Bulk(args[2 + key.Position]);
                WriteStatusSet(ctx.Reply, KeySpecFlagNames.NamesOf(key.Flags));
            }
            else
            {
                ctx.Reply.Bulk(args[2 + key.Position]);
            }
        }
    }

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.");

    /// <summary>
    /// Finds a command by the name COMMAND INFO and DOCS take: "get" or "config|get", exactly one
    /// level of subcommand and nothing more (lookupCommandBySds, strict).
    /// </summary>
    public static CommandSpec? FindByFullName(CommandTable table, ReadOnlySpan<byte> fullName)
    {
        if (fullName.Length == 0)
        {
            return null;
        }
        var bar = fullName.IndexOf((byte)'|');
        if (bar < 0)
        {
            return table.Lookup(fullName);
        }
        var rest = fullName[(bar + 1)..];
        if (rest.IndexOf((byte)'|') >= 0)
        {
            return null;
        }
        var container = table.Lookup(fullName[..bar]);
        if (container?.Subcommands is null)
        {
            return null;
        }
        return container.Subcommands.GetValueOrDefault(System.Text.Encoding.UTF8.GetString(rest));
    }

    /// <summary>One command's COMMAND INFO entry (addReplyCommandInfo).</summary>
    public static void WriteInfo(ReplyWriter reply, CommandSpec spec)
    {
        var known = CommandMetadataCatalog.Find(spec.FullName);
        var metadata = CommandMetadataCatalog.For(spec);
        var range = LegacyKeyRange.From(metadata.KeySpecs);
        var flags = spec.Flags;
        if (known is not null)
        {
            // Redis derives movablekeys from the key specs; so do we when we know them.
            flags = range.MovableKeys ? flags | CommandFlags.MovableKeys : flags & ~CommandFlags.MovableKeys;
        }

        reply.ArrayHeader(10);
        reply.Bulk(spec.FullName);
        reply.Integer(spec.Arity);
        WriteStatusSet(reply, CommandFlagNames.NamesOf(flags).ToList());
        reply.Integer(range.First);
        reply.Integer(range.Last);
        reply.Integer(range.Step);
        WriteStatusSet(reply, AclCategories.Of(spec).Select(c => "@" + c).ToList());
        reply.SetHeader(metadata.Tips.Count);
        foreach (var tip in metadata.Tips)
        {
            reply.Bulk(tip);
        }
        WriteKeySpecs(reply, metadata.KeySpecs);
        if (spec.Subcommands is null)
        {
            reply.SetHeader(0);
        }
        else
        {
            reply.ArrayHeader(spec.Subcommands.Count);
            foreach (var sub in spec.Subcommands.Values)
            {
                WriteInfo(reply, sub);
            }
        }
    }

    private static void WriteKeySpecs(ReplyWriter reply, List<KeySpec> specs)
    {
        reply.SetHeader(specs.Count);
        foreach (var spec in specs)
        {
            reply.MapHeader(spec.Notes is null ? 3 : 4);
            if (spec.Notes is not null)
            {
                reply.Bulk("notes");
                reply.Bulk(spec.Notes);
            }
            reply.Bulk("flags");
            WriteStatusSet(reply, KeySpecFlagNames.NamesOf(spec.Flags));

            reply.Bulk("begin_search");
            reply.MapHeader(2);
            reply.Bulk("type");
            switch (spec.BeginSearch)
            {
                case BeginSearchKind.Index:
                    reply.Bulk("index");
                    reply.Bulk("spec");
                    reply.MapHeader(1);
                    reply.Bulk("index");
                    reply.Integer(spec.Index);
                    break;
                case BeginSearchKind.Keyword:
                    reply.Bulk("keyword");
                    reply.Bulk("spec");
                    reply.MapHeader(2);
                    reply.Bulk("keyword");
                    reply.Bulk(spec.Keyword);
                    reply.Bulk("startfrom");
                    reply.Integer(spec.StartFrom);
                    break;
                default:
                    reply.Bulk("unknown");
                    reply.Bulk("spec");
                    reply.MapHeader(0);
                    break;
            }

            reply.Bulk("find_keys");
            reply.MapHeader(2);
            reply.Bulk("type");
            switch (spec.FindKeys)
            {
                case FindKeysKind.Range:
                    reply.Bulk("range");
                    reply.Bulk("spec");
                    reply.MapHeader(3);
                    reply.Bulk("lastkey");
                    reply.Integer(spec.LastKey);
                    reply.Bulk("keystep");
                    reply.Integer(spec.KeyStep);
                    reply.Bulk("limit");
                    reply.Integer(spec.Limit);
                    break;
                case FindKeysKind.KeyNum:
                    reply.Bulk("keynum");
                    reply.Bulk("spec");
                    reply.MapHeader(3);
                    reply.Bulk("keynumidx");
                    reply.Integer(spec.KeyNumIndex);
                    reply.Bulk("firstkey");
                    reply.Integer(spec.FirstKey);
                    reply.Bulk("keystep");
                    reply.Integer(spec.KeyStep);
                    break;
                default:
                    reply.Bulk("unknown");
                    reply.Bulk("spec");
                    reply.MapHeader(0);
                    break;
            }
        }
    }

    /// <summary>One command's COMMAND DOCS entry (addReplyCommandDocs, without complexity and history).</summary>
    public static void WriteDocs(ReplyWriter reply, CommandSpec spec)
    {
        var metadata = CommandMetadataCatalog.Find(spec.FullName) ?? CommandMetadata.Empty;
        var hasSummary = spec.Summary.Length > 0;
        var hasSince = spec.Since.Length > 0;
        var pairs = 1 + (hasSummary ? 1 : 0) + (hasSince ? 1 : 0)
            + (metadata.DocFlags.Count > 0 ? 1 : 0)
            + (metadata.DeprecatedSince is not null ? 1 : 0)
            + (metadata.ReplacedBy is not null ? 1 : 0)
            + (metadata.Arguments.Count > 0 ? 1 : 0)
            + (spec.Subcommands is not null ? 1 : 0);
        reply.MapHeader(pairs);
        if (hasSummary)
        {
            reply.Bulk("summary");
            reply.Bulk(spec.Summary);
        }
        if (hasSince)
        {
            reply.Bulk("since");
            reply.Bulk(spec.Since);
        }
        reply.Bulk("group");
        reply.Bulk(spec.Group);
        if (metadata.DocFlags.Count > 0)
        {
            reply.Bulk("doc_flags");
            WriteStatusSet(reply, metadata.DocFlags);
        }
        if (metadata.DeprecatedSince is not null)
        {
            reply.Bulk("deprecated_since");
            reply.Bulk(metadata.DeprecatedSince);
        }
        if (metadata.ReplacedBy is not null)
        {
            reply.Bulk("replaced_by");
            reply.Bulk(metadata.ReplacedBy);
        }
        if (metadata.Arguments.Count > 0)
        {
            reply.Bulk("arguments");
            WriteArguments(reply, metadata.Arguments);
        }
        if (spec.Subcommands is not null)
        {
            reply.Bulk("subcommands");
            reply.MapHeader(spec.Subcommands.Count);
            foreach (var sub in spec.Subcommands.Values)
            {
                reply.Bulk(sub.FullName);
                WriteDocs(reply, sub);
            }
        }
    }

    private static void WriteArguments(ReplyWriter reply, List<ArgumentDoc> arguments)
    {
        reply.ArrayHeader(arguments.Count);
        foreach (var argument in arguments)
        {
            var pairs = 2 + (argument.KeySpecIndex >= 0 ? 1 : 0) + (argument.Token is not null ? 1 : 0)
                + (argument.Since is not null ? 1 : 0) + (argument.DeprecatedSince is not null ? 1 : 0)
                + (argument.Flags != ArgumentFlags.None ? 1 : 0) + (argument.HasSubarguments ? 1 : 0);
            reply.MapHeader(pairs);
            reply.Bulk("name");
            reply.Bulk(argument.Name);
            reply.Bulk("type");
            reply.Bulk(argument.Type);
            if (argument.KeySpecIndex >= 0)
            {
                reply.Bulk("key_spec_index");
                reply.Integer(argument.KeySpecIndex);
            }
            if (argument.Token is not null)
            {
                reply.Bulk("token");
                reply.Bulk(argument.Token);
            }
            if (argument.Since is not null)
            {
                reply.Bulk("since");
                reply.Bulk(argument.Since);
            }
            if (argument.DeprecatedSince is not null)
            {
                reply.Bulk("deprecated_since");
                reply.Bulk(argument.DeprecatedSince);
            }
            if (argument.Flags != ArgumentFlags.None)
            {
                reply.Bulk("flags");
                var names = new List<string>();
                if ((argument.Flags & ArgumentFlags.Optional) != 0)
                {
                    names.Add("optional");
                }
                if ((argument.Flags & ArgumentFlags.Multiple) != 0)
                {
                    names.Add("multiple");
                }
                if ((argument.Flags & ArgumentFlags.MultipleToken) != 0)
                {
                    names.Add("multiple_token");
                }
                WriteStatusSet(reply, names);
            }
            if (argument.HasSubarguments)
            {
                reply.Bulk("arguments");
                WriteArguments(reply, argument.Arguments);
            }
        }
    }

    private static void WriteStatusSet(ReplyWriter reply, IReadOnlyList<string> names)
    {
        reply.SetHeader(names.Count);
        foreach (var name in names)
        {
            reply.Simple(name);
        }
    }
}
