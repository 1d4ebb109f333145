using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public class CustomerGradeTests
{
    public static TheoryData<decimal?, int?, CustomerLevel> SpecExamples => new()
    {
        { 1_500_000m, 4, CustomerLevel.A },
        { 1_000_000m, 5, CustomerLevel.B },
        { 800_000m, 2, CustomerLevel.B },
        { 800_000m, 0, CustomerLevel.C },
        { 300_000m, 0, CustomerLevel.C },
        { 50_000m, 1, CustomerLevel.D },
    };

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void Spec_examples_get_the_documented_grade(decimal? revenue, int? years, CustomerLevel expected) =>
        Assert.Equal(expected, CustomerGrade.Evaluate(CustomerStatus.Customer, revenue, years));

    public static TheoryData<CustomerStatus?> EveryStatusButPotential => new()
    {
        null,
        CustomerStatus.Prospect,
        CustomerStatus.Customer,
        CustomerStatus.Lost,
    };

    [Fact]
    public void Potential_customer_is_always_grade_D() =>
        Assert.Equal(CustomerLevel.D, CustomerGrade.Evaluate(CustomerStatus.Potential, 1_500_000m, 4));

    [Theory]
    [MemberData(nameof(EveryStatusButPotential))]
    public void Any_other_status_or_none_is_graded_on_revenue_and_years(CustomerStatus? status) =>
        Assert.Equal(CustomerLevel.A, CustomerGrade.Evaluate(status, 1_500_000m, 4));

    public static TheoryData<decimal?, int?, CustomerLevel> Boundaries => new()
    {
        // A needs more than 1,000,000 and more than 3 years.
        { 1_000_000m, 4, CustomerLevel.B },
        { 1_000_000.01m, 4, CustomerLevel.A },
        { 1_500_000m, 3, CustomerLevel.B },
        { 1_500_000m, 4, CustomerLevel.A },
        // B needs at least 500,000 and at least 1 year.
        { 500_000m, 1, CustomerLevel.B },
        { 499_999.99m, 1, CustomerLevel.C },
        { 500_000m, 0, CustomerLevel.C },
        // C needs at least 100,000, whatever the years.
        { 100_000m, 0, CustomerLevel.C },
        { 99_999.99m, 50, CustomerLevel.D },
        { 0m, 10, CustomerLevel.D },
        // No revenue recorded counts as none.
        { null, 10, CustomerLevel.D },
        { null, null, CustomerLevel.D },
        // No years recorded counts as none: high revenue alone reaches C.
        { 1_500_000m, null, CustomerLevel.C },
        { 800_000m, null, CustomerLevel.C },
        { 100_000m, null, CustomerLevel.C },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Grade_thresholds_are_exact(decimal? revenue, int? years, CustomerLevel expected) =>
        Assert.Equal(expected, CustomerGrade.Evaluate(CustomerStatus.Customer, revenue, years));

    [Theory]
    [MemberData(nameof(EveryStatusButPotential))]
    public void Status_other_than_potential_does_not_change_a_low_grade(CustomerStatus? status) =>
        Assert.Equal(CustomerLevel.D, CustomerGrade.Evaluate(status, 50_000m, 1));
}
