namespace Crm.Domain.Customers;

public enum CustomerType
{
    Enterprise,
    Individual,
}

/// <summary>潜在 first contact; 意向 negotiating; 成交 contract signed; 流失 cooperated before, now lost.</summary>
public enum CustomerStatus
{
    Potential,
    Prospect,
    Customer,
    Lost,
}

public enum CustomerLevel
{
    A,
    B,
    C,
    D,
}
