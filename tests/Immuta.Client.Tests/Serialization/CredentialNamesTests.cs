using Immuta.Client.Serialization;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>The one rule for "this member holds a credential", in both directions.</summary>
public sealed class CredentialNamesTests
{
    public static TheoryData<string> Credentials() => new(
        "password", "Password", "PASSWORD", "dbPassword", "db_password", "password2", "passwordOld", "keyPassword", "passwd", "pwd",
        "passphrase", "privateKeyPassphrase",
        "secret", "clientSecret", "client_secret", "CLIENT-SECRET", "secrets",
        "token", "accessToken", "access_token", "sasToken", "sas_token", "apiToken", "refreshToken", "idToken", "OAuth2Token", "tokenValue", "tokens",
        "credential", "credentials", "credentialsJson",
        "privateKey", "private_key", "privatekey", "PRIVATE_KEY", "privateKeyData",
        "apiKey", "api_key", "apikey", "APIKey", "API_KEY", "x-api-key", "apiKeys",
        "newKey", "newkey", "key", "signingKey", "sshKey", "storageAccountKey", "encryptionKey",
        "secretAccessKey", "awsSecretAccessKey", "aws_secret_access_key",
        "connectArgs", "connect_args", "connectargs", "connectionString", "connection_string",
        "authorization", "Authorization", "cookie");

    public static TheoryData<string> NotCredentials() => new(
        "awsAccessKeyId", "aws_access_key_id", "AWSAccessKeyID", "accessKeyId", "private_key_id", "privateKeyId", "keyId",
        "hashKeyDelimiter", "hashDelimiter", "arrayDelimiter", "metadataDelimiters", "authenticationType", "authorityUrl",
        "clientId", "client_email", "username", "user", "host", "port", "role", "warehouse", "database", "useCertificate",
        "oAuthClientConfig", "okta", "workspaceUrl", "httpPath", "status", "result", "name", "type",
        "publicKey", "primaryKey", "partitionKey", "kmsKeyArn", "keyVaultUrl", "monkey", "turkey",
        "tokenUrl", "token_endpoint", "tokenType", "tokenExpiresAt", "accessTokenLifetime", "secretName", "secretArn",
        "clientSecretExpiry", "credentialType", "passwordPolicy", "connectionStringName", "");

    /// <summary>Names the rule missed: short and split forms of "password", bearer and shared-access-signature values, "auth" at the end, other languages.</summary>
    public static TheoryData<string> ShortSplitOrForeignCredentials() => new(
        "pass", "PASS", "pass_word", "PASS_WORD", "PassWord", "pw", "pword", "passcode", "bearer", "bearerValue", "auth", "basicAuth", "x_auth",
        "authHeader", "tokenHeader", "secretHeader", "sas", "sasUrl", "sas_url", "sig", "jwt", "otp",
        "Passwort", "kennwort", "geheimnis", "contraseña", "contrasena", "senha", "motDePasse", "mot_de_passe", "пароль", "密码", "パスワード", "비밀번호");

    /// <summary>What must stay readable next to them.</summary>
    public static TheoryData<string> AboutACredential() => new(
        "oAuthClientConfig", "authType", "authMethod", "authenticationType", "authProvider", "authorityUrl", "sasExpiry", "passwordPolicy",
        "bypass", "compass", "keyword", "passage");

    [Theory]
    [MemberData(nameof(ShortSplitOrForeignCredentials))]
    public void IsCredential_ShortSplitOrForeignName_True(string name)
        => Assert.True(CredentialNames.IsCredential(name), $"'{name}' should be masked");

    /// <summary>Names of members that hold a private key bundle: a PKCS#12 file, a Java key store.</summary>
    public static TheoryData<string> KeyBundles() => new("pfx", "clientPfx", "pfxBase64", "pkcs12", "pkcs12File", "keystore", "javaKeystore", "KEYSTORE_B64");

    [Theory]
    [MemberData(nameof(KeyBundles))]
    public void IsCredential_PrivateKeyBundle_True(string name)
        => Assert.True(CredentialNames.IsCredential(name), $"'{name}' should be masked");

    [Theory]
    [InlineData("keystoreType")]
    [InlineData("pfxPath")]
    public void IsCredential_NameAboutAKeyBundle_False(string name)
        => Assert.False(CredentialNames.IsCredential(name), $"'{name}' should not be masked");

    [Theory]
    [MemberData(nameof(AboutACredential))]
    public void IsCredential_NameAboutACredentialOrAnOrdinaryWord_False(string name)
        => Assert.False(CredentialNames.IsCredential(name), $"'{name}' should not be masked");

    [Theory]
    [MemberData(nameof(Credentials))]
    public void IsCredential_NameOfACredential_True(string name)
        => Assert.True(CredentialNames.IsCredential(name), $"'{name}' should be masked");

    [Theory]
    [MemberData(nameof(NotCredentials))]
    public void IsCredential_NameOfAPlainValue_False(string name)
        => Assert.False(CredentialNames.IsCredential(name), $"'{name}' should not be masked");
}
