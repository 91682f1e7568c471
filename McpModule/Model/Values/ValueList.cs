using System.Collections;
using System.Collections.Generic;
using System.Linq;
using McpModule.Model.Data;
using McpModule.Model.Parameters;

namespace McpModule.Model.Values
{
    /// The values one key received from several files, kept apart until rendering
    /// because some hold references or differ in type (reclass's ValueList).
    internal sealed class ValueList : IPythonRepr
    {
        private readonly ReclassSettings _settings;
        private readonly List<Value> _values = new List<Value>();
        private static readonly List<string> NoReferences = new List<string>(0);
        private static readonly List<DictPath> NoQueries = new List<DictPath>(0);
        private List<string> _refs = NoReferences;

        public ValueList(Value first, ReclassSettings settings)
        {
            _settings = settings;
            _values.Add(first);
            Update();
        }

        public IReadOnlyList<Value> Values => _values;
        public bool AllRefs { get; private set; } = true;
        public bool IsComplex { get; private set; }
        public bool HasInvQuery { get; private set; }
        public bool IgnoreFailedRender { get; private set; }
        public List<string> References => _refs;
        public bool HasReferences => _refs.Count > 0;
        public bool NeedsAllEnvs => _values.Any(v => v.NeedsAllEnvs);
        public List<DictPath> InvReferences { get; private set; } = NoQueries;
        public string Uri => string.Join("; ", _values.Select(v => v.Uri ?? "None"));

        public ValueList Clone()
        {
            var copy = new ValueList(_values[0].Clone(), _settings);
            for (int i = 1; i < _values.Count; i++) copy._values.Add(_values[i].Clone());
            copy.Update();
            return copy;
        }

        public void Append(Value value) { _values.Add(value); Update(); }
        public void Extend(ValueList other) { _values.AddRange(other._values); Update(); }

        private void Update()
        {
            // reclass re-assembles every value against an empty context here; while
            // merging, values are still in the state that context gives, so collecting
            // their references is the same and much cheaper.
            // Most value lists hold plain values: share the empty lists.
            _refs = NoReferences;
            AllRefs = true;
            foreach (var v in _values)
            {
                if (v.HasReferences)
                {
                    if (_refs == NoReferences) _refs = new List<string>();
                    _refs.AddRange(v.References);
                }
                if (!v.AllRefs) AllRefs = false;
            }
            InvReferences = NoQueries;
            HasInvQuery = false;
            IgnoreFailedRender = true;
            foreach (var v in _values)
            {
                if (!v.HasInvQuery) continue;
                if (InvReferences == NoQueries) InvReferences = new List<DictPath>();
                InvReferences.AddRange(v.InvReferences);
                HasInvQuery = true;
                if (!v.IgnoreFailedRender) IgnoreFailedRender = false;
            }
            if (!HasInvQuery) IgnoreFailedRender = false;
            IsComplex = false;
            var type = _values[0].Type;
            foreach (var v in _values)
                if (v.IsComplex || v.Constant || v.Overwrite || v.Type != type) IsComplex = true;
        }

        public void AssembleRefs(object context)
        {
            _refs = new List<string>();
            AllRefs = true;
            foreach (var v in _values)
            {
                v.AssembleRefs(context);
                if (v.HasReferences) _refs.AddRange(v.References);
                if (!v.AllRefs) AllRefs = false;
            }
        }

        /// Values of one type with no references combine without rendering.
        public Value Merge()
        {
            Value output = null;
            foreach (var v in _values) output = output == null ? v : v.MergeOver(output);
            return output;
        }

        public object Render(object context, Inventory inventory)
        {
            object output = null;
            var deepCopied = false;
            ResolveException lastError = null;
            var constant = false;
            for (int n = 0; n < _values.Count; n++)
            {
                var value = _values[n];
                if (!value.TryRender(context, inventory, out var next, out var failure))
                {
                    // A missing reference in a value that a later file overrides is no error.
                    if (!_settings.IgnoreOverwrittenMissingReferences || output is OrderedMap || output is IList || n == _values.Count - 1)
                        throw failure;
                    next = null;
                    lastError = failure;
                }

                if (constant)
                {
                    if (_settings.StrictConstantParameters)
                        throw new ModelException(ModelErrorKind.ChangedConstant,
                            $"A constant parameter (=key) in '{ModelException.PathOf(_values[n - 1].Uri)}' is changed by '{ModelException.PathOf(value.Uri)}'.",
                            file: ModelException.PathOf(value.Uri));
                    continue;
                }

                if (output == null || value.Overwrite)
                {
                    output = next;
                    deepCopied = false;
                }
                else if (output is OrderedMap dict)
                {
                    if (next is OrderedMap nextDict)
                    {
                        var merged = new ParameterSet(dict, _settings, null, parseStrings: false);
                        merged.Merge(new ParameterSet(nextDict, _settings, null, parseStrings: false));
                        output = merged.AsDict();
                    }
                    else if (next is IList) throw TypeMerge(n);
                    else if (_settings.AllowScalarOverDict || (_settings.AllowNoneOverride && next == null)) { output = next; deepCopied = false; }
                    else throw TypeMerge(n);
                }
                else if (output is IList list)
                {
                    if (next is IList nextList)
                    {
                        if (!deepCopied) { list = (IList)DeepCopy.Of(list); deepCopied = true; }
                        foreach (var item in nextList) list.Add(item);
                        output = list;
                    }
                    else if (next is OrderedMap) throw TypeMerge(n);
                    else if (_settings.AllowScalarOverList || (_settings.AllowNoneOverride && next == null)) { output = next; deepCopied = false; }
                    else throw TypeMerge(n);
                }
                else
                {
                    if (next is OrderedMap)
                    {
                        if (_settings.AllowDictOverScalar) { output = next; deepCopied = false; }
                        else throw TypeMerge(n);
                    }
                    else if (next is IList nextList)
                    {
                        if (!_settings.AllowListOverScalar) throw TypeMerge(n);
                        var combined = new List<object> { output };
                        foreach (var item in nextList) combined.Add(item);
                        output = combined;
                        deepCopied = true;
                    }
                    else { output = next; deepCopied = false; }
                }

                if (value.Constant) constant = true;
            }
            if ((output is OrderedMap || output is IList) && lastError != null) throw lastError;
            return output;
        }

        private ModelException TypeMerge(int n)
        {
            var over = _values[n];
            var under = _values[n - 1];
            return new ModelException(ModelErrorKind.TypeMerge,
                $"Cannot merge {over.Item.TypeName} over {under.Item.TypeName}: " +
                $"'{ModelException.PathOf(over.Uri)}' gives a {over.Item.TypeName} where '{ModelException.PathOf(under.Uri)}' gave a {under.Item.TypeName}.",
                file: ModelException.PathOf(over.Uri));
        }

        // reclass prints a memory address here; no output can match it.
        public override string ToString() => "<reclass.values.valuelist.ValueList object>";
        public string PythonRepr() => ToString();
    }
}
