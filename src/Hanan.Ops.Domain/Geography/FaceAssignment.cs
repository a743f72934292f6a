using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>Assigns the faces of a <see cref="FaceGraph"/> to units so that each unit is one connected piece.</summary>
internal static class FaceAssignment
{
    /// <summary>Labels each face with the candidate whose site is nearest to the face's interior point.</summary>
    public static void AssignNearest(
        IEnumerable<int> faces,
        FaceGraph graph,
        IReadOnlyList<(int Label, Coordinate Site)> candidates,
        int[] labels)
    {
        foreach (var face in faces)
        {
            var point = graph.InteriorMeters(face);
            labels[face] = candidates.MinBy(c => c.Site.Distance(point)).Label;
        }
    }

    /// <summary>
    /// Within one parent (the given faces), makes every label a single edge-connected piece: the largest piece
    /// keeps the label and each other piece joins the label it shares the longest border with inside the parent
    /// (ties: smallest label). Every move merges two pieces, so this ends.
    /// </summary>
    /// <exception cref="InvalidOperationException">A piece has no neighbour in the parent: the parent itself is not connected.</exception>
    public static void MakeConnected(IReadOnlyCollection<int> faces, FaceGraph graph, int[] labels)
    {
        var members = new HashSet<int>(faces);
        bool moved;
        do
        {
            moved = false;
            foreach (var group in faces.GroupBy(f => labels[f]).OrderBy(g => g.Key))
            {
                var pieces = Pieces(group.Order(), graph, labels);
                if (pieces.Count < 2)
                {
                    continue;
                }

                var keep = pieces.MaxBy(p => p.Sum(graph.Area))!;
                foreach (var piece in pieces.Where(p => p != keep))
                {
                    var target = LongestBorder(piece, graph, labels, members);
                    foreach (var face in piece)
                    {
                        labels[face] = target;
                    }
                }

                moved = true;
                break;
            }
        }
        while (moved);
    }

    private static List<List<int>> Pieces(IEnumerable<int> faces, FaceGraph graph, int[] labels)
    {
        var seen = new HashSet<int>();
        var pieces = new List<List<int>>();
        foreach (var start in faces)
        {
            if (!seen.Add(start))
            {
                continue;
            }

            var piece = new List<int>();
            var queue = new Queue<int>([start]);
            while (queue.TryDequeue(out var face))
            {
                piece.Add(face);
                foreach (var (next, _) in graph.Neighbours(face))
                {
                    if (labels[next] == labels[start] && seen.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            pieces.Add(piece);
        }

        return pieces;
    }

    private static int LongestBorder(List<int> piece, FaceGraph graph, int[] labels, HashSet<int> members)
    {
        var own = labels[piece[0]];
        var borders = new Dictionary<int, double>();
        foreach (var face in piece)
        {
            foreach (var (next, length) in graph.Neighbours(face))
            {
                if (members.Contains(next) && labels[next] != own)
                {
                    borders[labels[next]] = borders.GetValueOrDefault(labels[next]) + length;
                }
            }
        }

        return borders.Count == 0
            ? throw new InvalidOperationException("A piece of a unit has no neighbour within its parent.")
            : borders.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
    }
}
