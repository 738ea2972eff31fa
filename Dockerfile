# The JobHub silo image: built with the .NET 10 SDK, run on the ASP.NET Core runtime.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish silo/JobHub.Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV JobHub__Silo__DataDirectory=/var/lib/jobhub
VOLUME /var/lib/jobhub
# REST API, Orleans silo-to-silo port, Orleans gateway port (cluster clients).
EXPOSE 5080 11111 30000
ENTRYPOINT ["dotnet", "JobHub.Silo.dll", "--urls", "http://0.0.0.0:5080"]
