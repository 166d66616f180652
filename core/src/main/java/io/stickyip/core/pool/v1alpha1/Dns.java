package io.stickyip.core.pool.v1alpha1;

import java.util.ArrayList;
import java.util.List;

/** DNS settings handed to pods of the pool. */
public class Dns {
    private List<String> nameservers = new ArrayList<>();
    private List<String> search = new ArrayList<>();

    public List<String> getNameservers() { return nameservers; }
    public void setNameservers(List<String> nameservers) { this.nameservers = nameservers == null ? new ArrayList<>() : nameservers; }
    public List<String> getSearch() { return search; }
    public void setSearch(List<String> search) { this.search = search == null ? new ArrayList<>() : search; }
}
