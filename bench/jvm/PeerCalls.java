import com.authlete.common.api.AuthleteApi;
import com.authlete.common.api.AuthleteApiFactory;
import com.authlete.common.conf.AuthleteSimpleConfiguration;
import com.authlete.common.dto.Client;
import com.authlete.common.dto.ClientListResponse;
import com.authlete.common.util.Utils;

// com.authlete:authlete-java-common: AuthleteApi over Authlete API v3 paths
// (/api/{serviceId}/client/...), Bearer token.
final class PeerCalls {
    static Bench.Calls create(String url, String body) throws Exception {
        AuthleteSimpleConfiguration conf = new AuthleteSimpleConfiguration();
        conf.setApiVersion("V3");
        conf.setBaseUrl(url);
        conf.setServiceApiKey(Bench.SERVICE);
        conf.setServiceAccessToken("bench-token");
        AuthleteApi api = AuthleteApiFactory.create(conf);
        Client client = Utils.fromJson(body, Client.class);
        return op -> {
            switch (op) {
                case "list": {
                    ClientListResponse r = api.getClientList(0, 100);
                    if (r.getClients() == null || r.getClients().length != 100) throw new IllegalStateException("list");
                    break;
                }
                case "create":
                    if (api.createClient(client).getClientId() == 0) throw new IllegalStateException("create");
                    break;
                default:
                    if (api.getClient(Bench.CLIENT_ID).getClientId() == 0) throw new IllegalStateException("get");
            }
        };
    }
}
