namespace Crm.Web.Data.Search;

/// <summary>How a list's sort order lies against a keyword's matches (<see cref="TrigramSearch.ScanInOrder"/>).</summary>
public enum MatchSpread
{
    /// <summary>An order the searched text does not decide (follow-up, update, revenue): matches taken as spread evenly.</summary>
    Even,

    /// <summary>Creation order, oldest first. Ids are issued in creation order, so the candidates' ids show where the page ends.</summary>
    IdsAscending,

    /// <summary>Creation order, newest first.</summary>
    IdsDescending,

    /// <summary>The searched text's own order (name, code): the matches may lie together anywhere in it.</summary>
    Clustered,
}

/// <summary>The rows a page reads to its end (offset + page size) in its sort order, and how that order lies against the matches.</summary>
public readonly record struct PageReach(long Rows, MatchSpread Spread)
{
    /// <summary>An export: every row.</summary>
    public static PageReach Everything { get; } = new(long.MaxValue, MatchSpread.Clustered);
}
