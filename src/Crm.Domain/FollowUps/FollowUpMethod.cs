namespace Crm.Domain.FollowUps;

/// <summary>How the customer was reached; travels as <c>phone</c>, <c>visit</c> … through <see cref="Common.EnumText{T}"/>.</summary>
public enum FollowUpMethod
{
    Phone,
    Visit,
    Wechat,
    Email,
    Meeting,
    Other,
}
