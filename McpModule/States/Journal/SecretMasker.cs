using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace McpModule.States.Journal
{
    /// Hides secrets in text before it reaches a log, a journal or a report: every occurrence
    /// of the secret values it was given, and the value of any key that names a secret
    /// (password, passwd, passphrase, secret, token, api_key, authorization) in
    /// `key: value`, `key=value` and `--key value` forms, in any case, quoted or not.
    /// Immutable and thread-safe: one masker per run, shared by the nodes.
    public sealed class SecretMasker
    {
        /// What a secret is replaced with.
        public const string Placeholder = "********";

        /// A masker without secret values: key patterns only.
        public static SecretMasker Default { get; } = new SecretMasker();

        private const string KeyWord = @"(?:password|passwd|passphrase|secret|token|api[_-]?key|authorization)";
        private const string KeyChars = @"[A-Za-z0-9_.\-]";
        // "value" with backslash escapes, or 'value'; the quotes stay, the inside is masked.
        private const string Quoted = @"(?<q>"")(?<value>(?:[^""\\\r\n]|\\.)+)""|(?<q>')(?<value>[^'\r\n]+)'";

        // Both interpreted, not Compiled: compiling them (Reflection.Emit, then the JIT at full
        // optimization of two methods of 7-11 KB of code) cost every new process that runs a state
        // ~60 ms of CPU, more than the interpreter takes for the few hundred texts a run masks.
        // "key: value", "key=value", "key = 'value'", "\"key\": \"value\"": the key keeps its
        // text and separator; a quoted value keeps its quotes. After ':' an unquoted value runs to
        // the end of the line (YAML, headers); after '=' to the next space or '&' (shell, URLs).
        private static readonly Regex KeyValue = new Regex(
            @"(?<key>(?<![A-Za-z0-9_.\-])[""']?" + KeyChars + "*" + KeyWord + KeyChars + @"*[""']?)" +
            @"(?:(?<sep>[ \t]*=[ \t]*)(?:" + Quoted + @"|(?<value>[^\s&]+))" +
            @"|(?<sep>[ \t]*:[ \t]*)(?:" + Quoted + @"|(?<value>[^\r\n]*[^\s])))",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // "--password value", "--db-token 'value'" (the value does not start with '-', '=' or ':').
        private static readonly Regex Flag = new Regex(
            @"(?<key>(?<![A-Za-z0-9_\-])--?" + @"[A-Za-z0-9_\-]*" + KeyWord + @"[A-Za-z0-9_\-]*)" +
            @"(?<sep>[ \t]+)(?:" + Quoted + @"|(?<value>(?![-=:])[^\s]+))",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly string[] _secrets;

        /// secrets: values to hide wherever they appear (null, empty and blank values are ignored;
        /// a value is hidden even when it is short, so it never leaks).
        public SecretMasker(IEnumerable<string> secrets = null)
        {
            _secrets = (secrets ?? Enumerable.Empty<string>())
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length)     // "abc123" before "abc", so no tail is left
                .ToArray();
        }

        /// The number of secret values this masker hides.
        public int SecretCount => _secrets.Length;

        /// The text with every secret replaced by Placeholder; null stays null.
        public string Mask(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            foreach (var secret in _secrets)
                if (text.IndexOf(secret, StringComparison.Ordinal) >= 0) text = text.Replace(secret, Placeholder);
            text = KeyValue.Replace(text, Replace);
            text = Flag.Replace(text, Replace);
            return text;
        }

        private static string Replace(Match m)
        {
            var q = m.Groups["q"].Success ? m.Groups["q"].Value : "";
            return m.Groups["key"].Value + m.Groups["sep"].Value + q + Placeholder + q;
        }

        /// A result with every text a value can reach masked: the state id and resource (a
        /// formula may name a resource after a pillar value: `cmd.run` of a command with a
        /// password in it), the changes and the comment. The node's name is the model's.
        public McpStateResult Mask(McpStateResult result) =>
            result == null ? null
                : new McpStateResult(result.Node, Mask(result.StateId), Mask(result.Resource), result.ResultValue,
                                     Mask(result.Changes), Mask(result.Comment), result.Elapsed);

        /// A node's part of a run with its Log, Error and every result masked.
        public McpNodeRun Mask(McpNodeRun node) =>
            node == null ? null
                : new McpNodeRun(node.Node, node.StatusValue, node.Results.Select(Mask).ToList(), Mask(node.Error), Mask(node.Log));

        /// A run with every free text in it masked: the targets and states as given (an I@ target
        /// may hold a pillar value), logs, errors, state ids, resources, comments, changes.
        public McpRun Mask(McpRun run) =>
            run == null ? null
                : new McpRun(run.RunId, run.Started, run.Finished, run.User, run.ModelPath, run.ModelCommit,
                             run.Targets.Select(Mask).ToList(), run.States.Select(Mask).ToList(), run.WhatIf, run.StatusValue, run.Nodes.Select(Mask).ToList(),
                             run.Host, run.Command, run.LabOverrides.Select(Mask).ToList(), run.Shard);
    }
}
