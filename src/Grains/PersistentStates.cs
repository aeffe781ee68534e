namespace Runtype.Grains;

public static class PersistentStates
{
    /// <summary>
    /// Stores <paramref name="next"/> as the grain's state. Orleans writes what <c>State</c> holds, so the new value
    /// goes in first; if the write fails, the previous value is put back (reads go on answering what is stored, not
    /// what the caller was told was not saved) and the call throws.
    /// </summary>
    public static async Task WriteOrRestoreAsync<T>(this IPersistentState<T> state, T next)
    {
        ArgumentNullException.ThrowIfNull(state);
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
