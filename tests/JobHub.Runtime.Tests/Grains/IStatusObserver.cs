namespace JobHub.Runtime.Tests.Grains;

public interface IStatusObserver : IGrainObserver
{
    Task OnStatus(string status);
}
