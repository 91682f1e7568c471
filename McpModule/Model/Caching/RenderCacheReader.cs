using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;
using McpModule.Model.Data;

namespace McpModule.Model.Caching
{
    /// Reads what RenderCacheWriter wrote. A file that does not read as written (cut short, a
    /// string index out of the table, an unknown tag) is InvalidDataException: the caller renders.
    internal sealed class RenderCacheReader
    {
        private readonly BinaryReader _in;
        private readonly string[] _table;

        internal RenderCacheReader(BinaryReader input)
        {
            _in = input;
            var count = input.ReadInt32();
            if (count < 0) throw new InvalidDataException("A negative string count.");
            _table = new string[count];
            for (var i = 0; i < count; i++) _table[i] = input.ReadString();
        }

        /// Each render with the classes its node's own file lists.
        internal List<(RenderedNode Node, string[] ListedClasses)> ReadNodes()
        {
            var count = _in.ReadInt32();
            if (count < 0) throw new InvalidDataException("A negative node count.");
            var nodes = new List<(RenderedNode, string[])>(count);
            for (var i = 0; i < count; i++)
            {
                var name = Str() ?? throw new InvalidDataException("A node without a name.");
                var listed = Strings();
                var entityName = Str();
                var uri = Str();
                var environment = Value();
                var classes = Strings();
                var applications = Strings();
                var classesRead = Strings();
                var asksInventory = _in.ReadBoolean();
                var parameters = Value() as OrderedMap ?? throw new InvalidDataException($"Node {name}: no parameters map.");
                var exports = Value() as OrderedMap ?? throw new InvalidDataException($"Node {name}: no exports map.");
                nodes.Add((new RenderedNode(name, entityName, uri, environment, classes, applications, parameters, exports, asksInventory, classesRead), listed));
            }
            return nodes;
        }

        private string[] Strings()
        {
            var count = Count();
            var items = new string[count];
            for (var i = 0; i < count; i++) items[i] = Str() ?? throw new InvalidDataException("A null name in a list of names.");
            return items;
        }

        private int Count()
        {
            var count = _in.ReadInt32();
            // every item takes at least one byte of what is left
            if (count < 0 || count > _in.BaseStream.Length - _in.BaseStream.Position) throw new InvalidDataException($"A count of {count} past the file's end.");
            return count;
        }

        private string Str()
        {
            var i = _in.ReadInt32();
            if (i == -1) return null;
            if (i < 0 || i >= _table.Length) throw new InvalidDataException($"String {i} of a table of {_table.Length}.");
            return _table[i];
        }

        private object Value()
        {
            var tag = _in.ReadByte();
            switch (tag)
            {
                case Tag.Null: return null;
                case Tag.Text: return Str() ?? throw new InvalidDataException("A null string value.");
                case Tag.True: return true;
                case Tag.False: return false;
                case Tag.Int64: return _in.ReadInt64();
                case Tag.Int32: return _in.ReadInt32();
                case Tag.Big: return new BigInteger(_in.ReadBytes(Count()));
                case Tag.Double: return _in.ReadDouble();
                case Tag.List:
                {
                    var count = Count();
                    var list = new List<object>(count);
                    for (var i = 0; i < count; i++) list.Add(Value());
                    return list;
                }
                case Tag.Map:
                {
                    var uri = Str();
                    var count = Count();
                    var map = new OrderedMap(count) { Uri = uri };
                    for (var i = 0; i < count; i++)
                    {
                        var key = Str() ?? throw new InvalidDataException("A null key.");
                        map[key] = Value();
                    }
                    if (map.Count != count) throw new InvalidDataException("A key twice in one map.");
                    return map;
                }
                default: throw new InvalidDataException($"Unknown value tag {tag}.");
            }
        }
    }
}
