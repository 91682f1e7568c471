using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;
using McpModule.Model.Data;

namespace McpModule.Model.Caching
{
    /// The first byte of a value in the render cache.
    internal static class Tag
    {
        internal const byte Null = 0, Text = 1, True = 2, False = 3, Int64 = 4, Int32 = 5, Big = 6, Double = 7, List = 8, Map = 9;
    }

    /// Writes renders in the render cache's format (RenderCacheFile): every string once in a table,
    /// values as a tag and their parts. A pillar repeats its keys across nodes hundreds of times;
    /// the table keeps the file small and the strings read back shared.
    internal sealed class RenderCacheWriter : IDisposable
    {

        private readonly Dictionary<string, int> _strings = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _table = new List<string>();
        private readonly MemoryStream _body = new MemoryStream();
        private readonly BinaryWriter _out;

        internal RenderCacheWriter() { _out = new BinaryWriter(_body, Encoding.UTF8); }

        internal int Count { get; private set; }

        public void Dispose() => _out.Dispose();

        /// A render and the classes its node's own file lists (ReclassModel.ListedClasses).
        internal void Add(RenderedNode node, IReadOnlyList<string> listedClasses)
        {
            Str(node.Name);
            Strings(listedClasses);
            Str(node.EntityName);
            Str(node.Uri);
            Value(node.EnvironmentValue);
            Strings(node.Classes);
            Strings(node.Applications);
            Strings(node.ClassesRead);
            _out.Write(node.AsksInventory);
            Value(node.Parameters);
            Value(node.Exports);
            Count++;
        }

        /// The string table, then the node count and the nodes.
        internal void WriteTo(BinaryWriter target)
        {
            target.Write(_table.Count);
            foreach (var s in _table) target.Write(s);
            target.Write(Count);
            _out.Flush();
            _body.WriteTo(target.BaseStream);
        }

        private void Strings(IReadOnlyList<string> items)
        {
            _out.Write(items.Count);
            foreach (var s in items) Str(s);
        }

        // -1 for null
        private void Str(string s)
        {
            if (s == null) { _out.Write(-1); return; }
            if (!_strings.TryGetValue(s, out var i))
            {
                i = _table.Count;
                _strings[s] = i;
                _table.Add(s);
            }
            _out.Write(i);
        }

        /// The value types a render holds; anything else cannot be cached (NotSupportedException).
        private void Value(object v)
        {
            switch (v)
            {
                case null: _out.Write(Tag.Null); break;
                case string s: _out.Write(Tag.Text); Str(s); break;
                case bool b: _out.Write(b ? Tag.True : Tag.False); break;
                case long l: _out.Write(Tag.Int64); _out.Write(l); break;
                case int i: _out.Write(Tag.Int32); _out.Write(i); break;
                case BigInteger big:
                    var bytes = big.ToByteArray();
                    _out.Write(Tag.Big); _out.Write(bytes.Length); _out.Write(bytes);
                    break;
                case double d: _out.Write(Tag.Double); _out.Write(d); break;
                case OrderedMap map:
                    _out.Write(Tag.Map);
                    Str(map.Uri);
                    _out.Write(map.Count);
                    foreach (var kv in map) { Str(kv.Key); Value(kv.Value); }
                    break;
                case List<object> list:
                    _out.Write(Tag.List);
                    _out.Write(list.Count);
                    foreach (var item in list) Value(item);
                    break;
                default:
                    throw new NotSupportedException($"A rendered value of type {v.GetType().FullName} has no place in the render cache.");
            }
        }
    }
}
