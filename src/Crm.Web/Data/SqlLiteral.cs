using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Web.Data;

/// <summary>
/// A number written into a query's SQL as it is (decision 0079). The model maps <see cref="Of"/> to its own argument,
/// and its parameter is <c>[NotParameterized]</c>, so EF neither runs it nor makes a parameter of it: the number is a
/// constant of the query, and the statement EF builds for it is reused on every call.
/// </summary>
public static class SqlLiteral
{
    public static int Of([NotParameterized] int value) => value;
}
