#nullable enable
using System;
using System.Collections.Generic;
using McpModule.Model;

namespace McpModule.Compare
{
    /// One side of a comparison: a model opened from the working tree or from a revision
    /// (GitModelSnapshot, in memory, which the side owns).
    internal sealed class ModelSide : IDisposable
    {
        private readonly GitModelSnapshot? _snapshot;

        public ModelSide(string label, ReclassModel model, GitModelSnapshot? snapshot = null)
        {
            Label = label;
            Model = model;
            _snapshot = snapshot;
        }

        /// The model folder as a revision has it.
        public static ModelSide FromRevision(string workingModelPath, string revision, string parameter, System.Threading.CancellationToken cancellation)
        {
            var snapshot = GitModelSnapshot.Open(workingModelPath, revision, parameter, cancellation);
            try
            {
                ReclassModel model;
                try { model = ReclassModel.OpenFiles(snapshot.ModelRoot, snapshot.Files, cancellation); }
                catch (ModelException e)
                {
                    throw new ModelCompareException("Mcp.Compare.ModelDoesNotLoad", parameter,
                        $"The model of -{parameter} '{revision}' does not load: {snapshot.Describe(e.Message)}", e);
                }
                return new ModelSide(revision, model, snapshot);
            }
            catch
            {
                snapshot.Dispose();
                throw;
            }
        }

        /// "HEAD~1", "working tree".
        public string Label { get; }
        public ReclassModel Model { get; }
        public IReadOnlyList<string> Warnings => _snapshot?.Warnings ?? (IReadOnlyList<string>)Array.Empty<string>();

        /// A text with the side's in-memory paths spelled as the user knows them.
        public string Describe(string text) => _snapshot == null ? text : _snapshot.Describe(text);

        /// A text with the model's folder left out, to tell whether two sides fail the same way.
        public string Neutral(string text) => text.Replace(Model.Path, "");

        public void Dispose() => _snapshot?.Dispose();
    }
}
