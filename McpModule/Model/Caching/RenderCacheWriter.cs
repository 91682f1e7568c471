using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;
using McpModule.Model.Data;

namespace McpModule.Model.Caching
{
    /// The first byte of a value, a definition or a node in the render cache.
    internal static class Tag
    {
        // values: a scalar in place, or a reference to a list or map defined before
        internal const byte Null = 0, Text = 1, True = 2, False = 3, Int64 = 4, Int32 = 5, Big = 6, Double = 7, Ref = 10;
        // the body's items: a list or map defined (numbered in the order defined), a node
        internal const byte List = 8, Map = 9, Node = 11;
    }

    /// Writes renders in the render cache's format (RenderCacheFile): every string once in a table;
    /// every list and map once, defined before what holds it and referred to by number, however
    /// many places hold the same one. Nodes of one role share most of their pillar (a real-shaped
    /// model of 140 nodes: 45,000 lists and maps, 5,800 of them different), so the file is small
    /// and reads back into one object for each different subtree: the engine never changes a
    /// rendered pillar (McpNode.Pillar, McpPillar copy before anything changes), so a subtree
    /// held by many nodes is as good as one each. Exports are written apart, a copy each:
    /// other nodes' inventory queries take them.
    internal sealed class RenderCacheWriter : IDisposable
    {
        private readonly Dictionary<string, int> _strings = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _table = new List<string>();
        private readonly MemoryStream _body = new MemoryStream();
        private readonly BinaryWriter _out;
        // A definition's bytes, made before it is looked up or written.
        private readonly MemoryStream _scratch = new MemoryStream();
        private readonly BinaryWriter _def;
        // The different definitions (their bytes: children by number) found by a hash of their bytes:
        // the hash's latest definition, and for each definition where its bytes are in the body and
        // the one before it with the same hash. The bytes are compared where they were written: the
        // writer's memory is the body and the model's renders, no second copy (a writer of 500
        // nodes came within 6 MiB of the 200 MB target with one).
        private readonly Dictionary<ulong, int> _byHash = new Dictionary<ulong, int>();
        private readonly List<(int Offset, int Length, int Next)> _definitions = new List<(int, int, int)>();

        // The inputs the renders were made from (RenderInputs.Files), before the nodes.
        private readonly MemoryStream _inputs = new MemoryStream();

        private readonly Func<byte[], int, ulong> _hash;

        /// hash: of a definition's bytes (tests give one that collides; by default FNV-1a).
        internal RenderCacheWriter(RenderInputs inputs, Func<byte[], int, ulong> hash = null)
        {
            _hash = hash ?? Hash;
            _out = new BinaryWriter(_body, Encoding.UTF8);
            _def = new BinaryWriter(_scratch, Encoding.UTF8);
            using (var w = new BinaryWriter(_inputs, Encoding.UTF8, true))
            {
                w.Write(inputs.Files.Count);
                foreach (var file in inputs.Files)
                {
                    w.Write(file.Key.IsNode);
                    Str(w, file.Key.Name);
                    Str(w, file.Value.Relative);
                    w.Write(file.Value.Hash);
                    w.Write(file.Value.Identity.IsKnown);
                    if (file.Value.Identity.IsKnown) file.Value.Identity.Write(w);
                }
            }
        }

        internal int Count { get; private set; }

        public void Dispose()
        {
            _out.Dispose();
            _def.Dispose();
            _inputs.Dispose();
        }

        /// A render and the classes its node's own file lists (ReclassModel.ListedClasses).
        internal void Add(RenderedNode node, IReadOnlyList<string> listedClasses)
        {
            // Every list and map the node holds is defined before the node that refers to them.
            var environment = Define(node.EnvironmentValue, true);
            var parameters = Define(node.Parameters, true);
            var exports = Define(node.Exports, false);
            _out.Write(Tag.Node);
            Str(_out, node.Name);
            Strings(listedClasses);
            Str(_out, node.EntityName);
            Str(_out, node.Uri);
            Value(_out, node.EnvironmentValue, environment);
            Strings(node.Classes);
            Strings(node.Applications);
            Strings(node.ClassesRead);
            _out.Write(node.AsksInventory);
            Value(_out, node.Parameters, parameters);
            Value(_out, node.Exports, exports);
            Count++;
        }

        /// The string table, the inputs, then the node count and the definitions and nodes.
        internal void WriteTo(BinaryWriter target)
        {
            target.Write(_table.Count);
            foreach (var s in _table) target.Write(s);
            target.Flush();
            _inputs.WriteTo(target.BaseStream);
            target.Write(Count);
            _out.Flush();
            _body.WriteTo(target.BaseStream);
        }

        private void Strings(IReadOnlyList<string> items)
        {
            _out.Write(items.Count);
            foreach (var s in items) Str(_out, s);
        }

        // -1 for null
        private void Str(BinaryWriter to, string s)
        {
            if (s == null) { to.Write(-1); return; }
            if (!_strings.TryGetValue(s, out var i))
            {
                i = _table.Count;
                _strings[s] = i;
                _table.Add(s);
            }
            to.Write(i);
        }

        /// Defines v when it is a list or map (its lists and maps first) and gives its number;
        /// -1 for a scalar. share: the same definition once for all that hold it.
        private int Define(object v, bool share)
        {
            List<int> ids;
            if (v is OrderedMap map)
            {
                ids = new List<int>(map.Count);
                foreach (var kv in map) ids.Add(Define(kv.Value, share));
            }
            else if (v is List<object> list)
            {
                ids = new List<int>(list.Count);
                foreach (var item in list) ids.Add(Define(item, share));
            }
            else return -1;
            // Children are defined by now: the scratch buffer holds this definition alone.
            _scratch.SetLength(0);
            var next = 0;
            if (v is OrderedMap m)
            {
                _def.Write(Tag.Map);
                Str(_def, m.Uri);
                _def.Write(m.Count);
                foreach (var kv in m) { Str(_def, kv.Key); Value(_def, kv.Value, ids[next++]); }
            }
            else
            {
                var l = (List<object>)v;
                _def.Write(Tag.List);
                _def.Write(l.Count);
                foreach (var item in l) Value(_def, item, ids[next++]);
            }
            _def.Flush();
            var bytes = _scratch.GetBuffer();
            var length = (int)_scratch.Length;
            _out.Flush();
            var hash = share ? _hash(bytes, length) : 0;   // a definition not shared is never looked up
            if (!share || !_byHash.TryGetValue(hash, out var same)) same = -1;
            else
            {
                var body = _body.GetBuffer();
                for (var id = same; id >= 0; id = _definitions[id].Next)
                    if (_definitions[id].Length == length && ByteRange.Same(body, _definitions[id].Offset, bytes, 0, length)) return id;
            }
            var made = _definitions.Count;
            _definitions.Add(((int)_body.Length, length, same));
            _out.Write(bytes, 0, length);
            if (share) _byHash[hash] = made;
            return made;
        }

        // FNV-1a, 64 bits: equal bytes are compared anyway, so it needs only to spread.
        private static ulong Hash(byte[] bytes, int length)
        {
            var h = 14695981039346656037UL;
            for (var i = 0; i < length; i++) h = (h ^ bytes[i]) * 1099511628211UL;
            return h;
        }

        /// A value in place: a scalar, or the number of its definition (Define gave it).
        private void Value(BinaryWriter to, object v, int defined)
        {
            if (defined >= 0) { to.Write(Tag.Ref); to.Write(defined); return; }
            switch (v)
            {
                case null: to.Write(Tag.Null); break;
                case string s: to.Write(Tag.Text); Str(to, s); break;
                case bool b: to.Write(b ? Tag.True : Tag.False); break;
                case long l: to.Write(Tag.Int64); to.Write(l); break;
                case int i: to.Write(Tag.Int32); to.Write(i); break;
                case BigInteger big:
                    var bytes = big.ToByteArray();
                    to.Write(Tag.Big); to.Write(bytes.Length); to.Write(bytes);
                    break;
                case double d: to.Write(Tag.Double); to.Write(d); break;
                default:
                    throw new NotSupportedException($"A rendered value of type {v.GetType().FullName} has no place in the render cache.");
            }
        }
    }
}
