namespace Crm.Domain.Customers;

/// <summary>The automatic grade (客户等级): a pure function of status, annual revenue and years of cooperation.</summary>
public static class CustomerGrade
{
    public const decimal ARevenueAbove = 1_000_000m;
    public const int AYearsAbove = 3;
    public const decimal BRevenueFrom = 500_000m;
    public const int BYearsFrom = 1;
    public const decimal CRevenueFrom = 100_000m;

    public static CustomerLevel Evaluate(CustomerStatus? status, decimal? annualRevenue, int? cooperationYears)
    {
        if (status == CustomerStatus.Potential)
        {
            return CustomerLevel.D;
        }

        var revenue = annualRevenue ?? 0m;
        var years = cooperationYears ?? 0;

        if (revenue > ARevenueAbove && years > AYearsAbove)
        {
            return CustomerLevel.A;
        }

        if (revenue >= BRevenueFrom && years >= BYearsFrom)
        {
            return CustomerLevel.B;
        }

        return revenue >= CRevenueFrom ? CustomerLevel.C : CustomerLevel.D;
    }
}
