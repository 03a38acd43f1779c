import com.authlete.sdk.Authlete;
import com.authlete.sdk.AuthleteOptions;
import com.authlete.sdk.ModelsJson;
import com.authlete.sdk.models.Client;
import com.authlete.sdk.models.ClientGetListResponse;

// Our Kotlin library, called from Java through its blocking API.
final class OursCalls {
    static Bench.Calls create(String url, String body) {
        Authlete authlete = Authlete.fromOptionsJson(
                "{\"serverURL\":\"" + url + "\",\"security\":{\"bearer\":\"bench-token\"}}");
        Client client = ModelsJson.fromJson(Client.Companion, body);
        return op -> {
            switch (op) {
                case "list": {
                    ClientGetListResponse r = authlete.getClients().getListBlocking(Bench.SERVICE, null, 0, 100, null);
                    if (r.getClients() == null || r.getClients().size() != 100) throw new IllegalStateException("list");
                    break;
                }
                case "create":
                    if (authlete.getClients().createBlocking(Bench.SERVICE, client, null).getClientId() == null)
                        throw new IllegalStateException("create");
                    break;
                default:
                    if (authlete.getClients().getBlocking(Bench.SERVICE, Bench.CLIENT_ID, null).getClientId() == null)
                        throw new IllegalStateException("get");
            }
        };
    }
}
