using System.Reflection;
using System.Xml.Linq;
using Crm.Domain.Customers;
using Crm.Web.Data;
using Crm.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using NetArchTest.Rules;

namespace Crm.Web.Tests.Architecture;

/// <summary>
/// The dependency direction of docs/ARCHITECTURE.md, checked on the compiled assemblies:
/// Domain ← Data ← Infrastructure ← Features ← Program (Program.cs, StartupTasks). Components (layout and the shared
/// UI kernel) sit beside Infrastructure: features use them, they use neither features nor the database.
/// </summary>
public sealed class DependencyTests
{
    private static readonly Assembly Web = typeof(CrmDbContext).Assembly;
    private static readonly Assembly Domain = typeof(CustomerGrade).Assembly;

    [Fact]
    public void Domain_references_nothing_of_the_app_nor_a_framework_beyond_the_base_library()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("Crm.Web", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Microsoft.Extensions")
            .GetResult();
        AssertSuccess(result, "Crm.Domain must stay pure rules");

        var foreign = Domain.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name is not ("netstandard" or "mscorlib"))
            .ToList();
        Assert.True(foreign.Count == 0, "Crm.Domain references " + string.Join(", ", foreign));
    }

    [Fact]
    public void Domain_project_has_no_package_or_project_reference()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "Crm.Domain", "Crm.Domain.csproj"));
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "FrameworkReference" or "Reference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();
        Assert.True(references.Count == 0, "Crm.Domain.csproj gained: " + string.Join(", ", references));
    }

    [Fact]
    public void Data_depends_on_the_domain_only()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("Crm.Web.Data")
            .ShouldNot().HaveDependencyOnAny("Crm.Web.Features", "Crm.Web.Infrastructure", "Crm.Web.Components", "Crm.Web.StartupTasks")
            .GetResult();
        AssertSuccess(result, "Data/ must not use features, infrastructure or the UI");
    }

    [Fact]
    public void Infrastructure_is_a_shared_base_that_knows_no_feature()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("Crm.Web.Infrastructure")
            .ShouldNot().HaveDependencyOnAny("Crm.Web.Features", "Crm.Web.Components", "Crm.Web.StartupTasks")
            .GetResult();
        AssertSuccess(result, "Infrastructure/ must not use features or the UI");
    }

    [Fact]
    public void Shared_components_know_no_feature_and_no_database()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("Crm.Web.Components")
            .ShouldNot().HaveDependencyOnAny("Crm.Web.Features", "Crm.Web.Data", "Crm.Web.StartupTasks", "Microsoft.EntityFrameworkCore")
            .GetResult();
        AssertSuccess(result, "Components/ must not use features or the database");
    }

    [Fact]
    public void Features_do_not_reach_back_into_the_start_up()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("Crm.Web.Features")
            .ShouldNot().HaveDependencyOn("Crm.Web.StartupTasks")
            .GetResult();
        AssertSuccess(result, "Features must not use the start-up");
    }

    [Fact]
    public void Pages_and_components_go_through_the_use_case_handlers_not_the_database()
    {
        var result = Types.InAssembly(Web).That().Inherit(typeof(ComponentBase))
            .ShouldNot().HaveDependencyOnAny("Crm.Web.Data.CrmDbContext", "Microsoft.EntityFrameworkCore")
            .GetResult();
        AssertSuccess(result, "a page or component uses the database directly; call a use-case handler instead");
    }

    [Fact]
    public void User_administration_does_not_depend_on_sign_in()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("Crm.Web.Features.Users")
            .ShouldNot().HaveDependencyOn("Crm.Web.Features.Auth")
            .GetResult();
        AssertSuccess(result, "Users -> Auth would bring back the Auth <-> Users cycle; shared auth code belongs in Infrastructure/Auth");
    }

    public static TheoryData<string> FeatureModules => new(
        Web.GetTypes().Where(t => t.Namespace?.StartsWith("Crm.Web.Features.", StringComparison.Ordinal) == true && t.Name.EndsWith("Module", StringComparison.Ordinal))
            .Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(FeatureModules))]
    public void A_feature_module_registers_only_its_own_services(string module)
    {
        var type = Web.GetType(module)!;
        var add = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(IServiceCollection));
        var services = new ServiceCollection();
        add.Invoke(null, [services]);

        Assert.NotEmpty(services);
        Assert.All(services, s => Assert.Equal(type.Namespace, (s.ImplementationType ?? s.ServiceType).Namespace));
    }

    private static void AssertSuccess(TestResult result, string rule) =>
        Assert.True(result.IsSuccessful, rule + ": " + string.Join(", ", result.FailingTypeNames ?? []));
}
