#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using McpModule.Model;
using McpModule.States.Journal;
using McpModule.Targeting;

namespace McpModule.Compare
{
    /// What a change to a model does to every node: both sides opened and rendered at once (the
    /// reference a step behind the difference, rendering only what differs), each node's two
    /// renders compared (NodeDiff), the values masked (ChangeMasker).
    internal static class ModelComparison
    {
        internal sealed class Result
        {
            public Result(List<McpModelChange> changes, List<(string Node, string Error)> brokenOnBoth, int compared, bool targetMatched, List<string> warnings)
            {
                Changes = changes; BrokenOnBoth = brokenOnBoth; Compared = compared; TargetMatched = targetMatched; Warnings = warnings;
            }
            /// In node order; within a node: the node, classes, applications, values.
            public IReadOnlyList<McpModelChange> Changes { get; }
            /// Nodes that fail the same way on both sides: no change of this edit, but broken.
            public IReadOnlyList<(string Node, string Error)> BrokenOnBoth { get; }
            /// How many nodes were compared (those the target selects).
            public int Compared { get; }
            public bool TargetMatched { get; }
            /// What a side could not read (GitModelSnapshot's warnings).
            public IReadOnlyList<string> Warnings { get; }
            /// Where the time went, for -Verbose: "reference read and rendered in 812 ms, ...".
            public string Timing { get; internal set; } = "";
            /// How many nodes the reference did not render because their files are the same on both sides.
            public int ReusedRenders { get; internal set; }
        }

        private sealed class Rendered
        {
            public Dictionary<string, RenderedNode> Nodes { get; } = new Dictionary<string, RenderedNode>(StringComparer.Ordinal);
            public Dictionary<string, string> Errors { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            // the errors without the side's folder: the same failure on both sides is no change
            public Dictionary<string, string> NeutralErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
            public Dictionary<string, McpNode> ForTarget { get; } = new Dictionary<string, McpNode>(StringComparer.Ordinal);
            // collected while the side renders, on its own thread: the masker needs both sides'
            public HashSet<string> Secrets { get; } = new HashSet<string>(StringComparer.Ordinal);
            // how many nodes took the other side's render (the same files): nothing to compare there
            public int Reused { get; set; }
        }

        /// Opens and renders both sides at once; the sides are disposed (a revision's folder deleted)
        /// before this returns or throws. Throws ModelCompareException when a side cannot be opened.
        /// The difference side renders every node and hands each render over as it is made; the
        /// reference side, a step behind, renders only the nodes whose files differ (UnchangedInputs)
        /// and takes the parsed files the two share, so a comparison costs little more than one render.
        public static Result Run(Func<CancellationToken, ModelSide> openReference, Func<CancellationToken, ModelSide> openDifference,
                                 McpTarget? target, CancellationToken cancellation) =>
            Run(openReference, openDifference, target, reuseRenders: true, cancellation);

        /// reuseRenders false: the reference renders every node itself (the tests' oracle for the reuse).
        internal static Result Run(Func<CancellationToken, ModelSide> openReference, Func<CancellationToken, ModelSide> openDifference,
                                   McpTarget? target, bool reuseRenders, CancellationToken cancellation)
        {
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                ModelSide? reference = null, difference = null;
                using var handOver = new RenderHandOver();
                try
                {
                    var clock = Stopwatch.StartNew();
                    long referenceOpened = 0, referenceDone = 0, differenceOpened = 0, differenceDone = 0;
                    var referenceTask = Task.Run(() =>
                    {
                        try
                        {
                            reference = openReference(failed.Token);
                            referenceOpened = clock.ElapsedMilliseconds;
                            Rendered rendered;
                            if (reuseRenders)
                            {
                                var leader = handOver.Leader(failed.Token);
                                reference.Model.BorrowParsedFiles(leader.Model);
                                rendered = Follow(reference, target != null, handOver, new UnchangedInputs(leader.Model, reference.Model), failed.Token);
                            }
                            else rendered = RenderAll(reference, target != null, null, failed.Token);
                            referenceDone = clock.ElapsedMilliseconds;
                            return rendered;
                        }
                        catch { failed.Cancel(); throw; }
                    });
                    Rendered? after = null;
                    Exception? differenceError = null;
                    try
                    {
                        difference = openDifference(failed.Token);
                        differenceOpened = clock.ElapsedMilliseconds;
                        handOver.Opened(difference);
                        // the nodes an inventory renders are handed over as they are made, not when their turn comes
                        Action<RenderedNode> kept = node => handOver.Give(node.Name, node);
                        difference.Model.Kept += kept;
                        try { after = RenderAll(difference, target != null, handOver.Give, failed.Token); }
                        finally
                        {
                            difference.Model.Kept -= kept;
                            handOver.Done();
                        }
                        differenceDone = clock.ElapsedMilliseconds;
                    }
                    catch (Exception e)
                    {
                        differenceError = e;
                        failed.Cancel();
                    }
                    Rendered before;
                    // the side that failed first is the one to report: the other was cancelled because of it
                    try { before = referenceTask.GetAwaiter().GetResult(); }
                    catch (OperationCanceledException) when (differenceError != null && !cancellation.IsCancellationRequested)
                    {
                        ExceptionDispatchInfo.Capture(differenceError).Throw();
                        throw;
                    }
                    if (differenceError != null) ExceptionDispatchInfo.Capture(differenceError).Throw();
                    var bothDone = clock.ElapsedMilliseconds;
                    var result = Diff(reference!, before, difference!, after!, target, cancellation);
                    result.ReusedRenders = before.Reused;
                    result.Timing = $"difference opened in {differenceOpened} ms and rendered by {differenceDone} ms, reference opened in {referenceOpened} ms and rendered by {referenceDone} ms " +
                                    $"({before.Reused} of {reference!.Model.NodeNames.Count} node(s) with the same files on both sides, not rendered again), compared and masked in {clock.ElapsedMilliseconds - bothDone} ms";
                    return result;
                }
                finally
                {
                    reference?.Dispose();
                    difference?.Dispose();
                }
            }
        }

        /// give: told each render (null: it failed), for the other side.
        private static Rendered RenderAll(ModelSide side, bool forTarget, Action<string, RenderedNode?>? give, CancellationToken cancellation)
        {
            var result = new Rendered();
            foreach (var name in side.Model.NodeNames) Render(side, name, result, give, cancellation);
            return WithTargets(side, result, forTarget, cancellation);
        }

        /// The side a step behind: each node the leader rendered, as it comes, is taken where its
        /// files are the same here (and kept as this model's, so an inventory here takes it too), else
        /// rendered; nodes that ask the inventory render last, when the others are there for it;
        /// nodes the leader does not have, after the leader is done.
        private static Rendered Follow(ModelSide side, bool forTarget, RenderHandOver handOver, UnchangedInputs unchanged, CancellationToken cancellation)
        {
            var result = new Rendered();
            var left = new HashSet<string>(side.Model.NodeNames, StringComparer.Ordinal);
            var later = new List<string>();
            foreach (var (name, led) in handOver.Given(cancellation))
            {
                if (!left.Remove(name)) continue;
                if (led != null && unchanged.Hold(led))
                {
                    side.Model.Keep(led);
                    result.Nodes[name] = led;
                    result.Reused++;
                }
                else if (led?.AsksInventory == true) later.Add(name);
                else Render(side, name, result, null, cancellation);
            }
            cancellation.ThrowIfCancellationRequested();
            foreach (var name in side.Model.NodeNames.Where(left.Contains).Concat(later)) Render(side, name, result, null, cancellation);
            return WithTargets(side, result, forTarget, cancellation);
        }

        private static Rendered WithTargets(ModelSide side, Rendered result, bool forTarget, CancellationToken cancellation)
        {
            if (forTarget)
            {
                var clusters = McpClusterCatalog.ClusterByNode(side.Model, cancellation);
                foreach (var name in side.Model.NodeNames)
                    result.ForTarget[name] = result.Nodes.TryGetValue(name, out var node) && clusters.TryGetValue(name, out var cluster)
                        ? McpClusterCatalog.NodeOf(cluster, node) : new McpNode(name);
            }
            return result;
        }

        private static void Render(ModelSide side, string name, Rendered result, Action<string, RenderedNode?>? give, CancellationToken cancellation)
        {
            try
            {
                var node = side.Model.Render(name, cancellation);
                result.Nodes[name] = node;
                result.Secrets.UnionWith(PillarSecrets.Collect(node.Parameters));
                give?.Invoke(name, node);
            }
            catch (ModelException e)
            {
                result.Errors[name] = side.Describe(e.Message);
                result.NeutralErrors[name] = side.Neutral(e.Message);
                give?.Invoke(name, null);
            }
        }

        private static Result Diff(ModelSide referenceSide, Rendered before, ModelSide differenceSide, Rendered after, McpTarget? target, CancellationToken cancellation)
        {
            var names = new SortedSet<string>(referenceSide.Model.NodeNames, StringComparer.Ordinal);
            names.UnionWith(differenceSide.Model.NodeNames);
            var selected = names.Where(n => target == null ||
                                            (before.ForTarget.TryGetValue(n, out var b) && target.IsMatch(b)) ||
                                            (after.ForTarget.TryGetValue(n, out var a) && target.IsMatch(a))).ToList();

            var masker = new ChangeMasker(before.Secrets.Concat(after.Secrets));
            // nodes compared on every core, their changes kept in node order
            var perNode = selected.AsParallel().AsOrdered().WithCancellation(cancellation)
                .Select(name => CompareNode(name, referenceSide, before, differenceSide, after, masker)).ToList();
            var changes = perNode.SelectMany(n => n.Changes).ToList();
            var broken = perNode.Where(n => n.Broken != null).Select(n => (n.Name, n.Broken!)).ToList();
            var warnings = referenceSide.Warnings.Concat(differenceSide.Warnings).ToList();
            return new Result(changes, broken, selected.Count, target == null || selected.Count > 0, warnings);
        }

        private static (string Name, List<McpModelChange> Changes, string? Broken) CompareNode(string name, ModelSide referenceSide, Rendered before,
                                                                                              ModelSide differenceSide, Rendered after, ChangeMasker masker)
        {
            var changes = new List<McpModelChange>();
            void Add(string node, McpModelChangeKind kind, string? key, IReadOnlyList<string> path, object? was, object? now) =>
                changes.Add(new McpModelChange(node, kind, key, masker.Value(path, was), masker.Value(path, now), referenceSide.Label, differenceSide.Label));
            var had = before.Nodes.TryGetValue(name, out var was) | before.Errors.TryGetValue(name, out var wasError);
            var has = after.Nodes.TryGetValue(name, out var now) | after.Errors.TryGetValue(name, out var nowError);
            if (!had)
            {
                Add(name, McpModelChangeKind.NodeAdded, null, Array.Empty<string>(), null, NodeFile(differenceSide, name));
                if (nowError != null) Add(name, McpModelChangeKind.RenderFailed, null, Array.Empty<string>(), null, nowError);
                return (name, changes, null);
            }
            if (!has)
            {
                Add(name, McpModelChangeKind.NodeRemoved, null, Array.Empty<string>(), NodeFile(referenceSide, name), null);
                return (name, changes, null);
            }
            if (wasError != null || nowError != null)
            {
                if (wasError != null && nowError != null && before.NeutralErrors[name] == after.NeutralErrors[name]) return (name, changes, masker.Text(nowError));
                Add(name, McpModelChangeKind.RenderFailed, null, Array.Empty<string>(), wasError, nowError);
                return (name, changes, null);
            }
            if (ReferenceEquals(was, now)) return (name, changes, null);
            foreach (var change in NodeDiff.Compare(was!, now!))
                Add(name, change.Kind, change.Key, change.Path, change.Before, change.After);
            return (name, changes, null);
        }

        // "nodes/_generated/cmp049.lab.local.yml": where the node is, whichever side it is on.
        private static string? NodeFile(ModelSide side, string node)
        {
            var file = side.Model.NodeFile(node);
            if (file == null) return null;
            var root = side.Model.Path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return (file.StartsWith(root, StringComparison.Ordinal) ? file.Substring(root.Length) : file).Replace(Path.DirectorySeparatorChar, '/');
        }
    }
}
