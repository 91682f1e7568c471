using System.Collections.Generic;
using McpModule.Model.Data;
using McpModule.Model.Values;

namespace McpModule.Model.Parameters
{
    /// A node's exports: parameters rendered against the node's own parameters, and
    /// only as far as a query needs them (reclass's Exports).
    internal sealed class ExportSet : ParameterSet
    {
        public ExportSet(OrderedMap mapping, ReclassSettings settings, string uri) : base(mapping, settings, uri) { }

        public void InterpolateFromExternal(ParameterSet external)
        {
            while (Unrendered.Count > 0)
            {
                var path = Unrendered.First();
                var value = path.GetValue(Base, listIndexAtEnd: true);
                if (value is Value || value is ValueList)
                {
                    external.InterpolateReferences(path, value, null);
                    path.SetValue(Base, RenderFromExternal(external.Root, path, value));
                }
                Unrendered.Remove(path);
            }
        }

        public void InterpolateSingleFromExternal(ParameterSet external, object query)
        {
            var references = query is Value v ? v.InvReferences : ((ValueList)query).InvReferences;
            var ignoreFailed = query is Value q ? q.IgnoreFailedRender : ((ValueList)query).IgnoreFailedRender;
            foreach (var reference in references.ToArray())
                InterpolateSinglePath(reference, external, ignoreFailed);
        }

        private void InterpolateSinglePath(DictPath mainPath, ParameterSet external, bool ignoreFailed)
        {
            var required = RequiredPaths(mainPath);
            while (required.Count > 0)
            {
                foreach (var path in required)
                {
                    object value;
                    try { value = path.GetValue(Base, listIndexAtEnd: true); }
                    catch (DictPath.NotFound) { throw new ResolveException(path.ToString(), false); }
                    if (value is Value || value is ValueList)
                    {
                        try
                        {
                            external.InterpolateReferences(path, value, null);
                            path.SetValue(Base, RenderFromExternal(external.Root, path, value));
                        }
                        catch (ResolveException) when (ignoreFailed)
                        {
                            path.Delete(Base);
                        }
                    }
                    if (!Unrendered.Contains(path)) throw new ResolveException(path.ToString(), false);
                    Unrendered.Remove(path);
                }
                required = RequiredPaths(mainPath);
            }
        }

        /// What must render before mainPath can be read: an unrendered ancestor (reclass
        /// then asks for the parent path, which only works for a direct parent) and every
        /// unrendered path at or below mainPath.
        private List<DictPath> RequiredPaths(DictPath mainPath)
        {
            var paths = new List<DictPath>();
            var seen = new HashSet<DictPath>();
            var ancestors = new List<DictPath>(mainPath.Ancestors());
            foreach (var ancestor in ancestors)
            {
                if (!Unrendered.Contains(ancestor)) continue;
                var parent = ancestors[ancestors.Count - 1];
                if (seen.Add(parent)) paths.Add(parent);
                break;
            }
            foreach (var path in Unrendered.InOrder())
                if ((mainPath.IsAncestorOf(path) || mainPath.Equals(path)) && seen.Add(path)) paths.Add(path);
            return paths;
        }

        private object RenderFromExternal(OrderedMap context, DictPath path, object value)
        {
            object rendered;
            try
            {
                rendered = value is Value v ? v.Render(context, null) : ((ValueList)value).Render(context, null);
            }
            catch (ResolveException e)
            {
                e.Context = path;
                throw;
            }
            if (rendered is OrderedMap map) return RenderSimpleDict(map, path);
            if (rendered is System.Collections.IList list) return RenderSimpleList(list, path);
            return rendered;
        }
    }
}
