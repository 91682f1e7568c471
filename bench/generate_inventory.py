#!/usr/bin/python3
"""Generate a large, deterministic, MCP-shaped reclass inventory for benchmarks.

    /usr/bin/python3 bench/generate_inventory.py OUTDIR [--nodes 500] [--classes 1000] [--seed 42] [--shape query|real]

Layout (as in a Mirantis Cloud Platform model):
  classes/service/<svc>/support.yml, <role>/init.yml, <role>/{single,cluster}.yml
  classes/system/<svc>/<role>/{single,cluster,<feature>}.yml
  classes/cluster/<cluster>/init.yml, infra/, openstack/, stacklight/, ceph/ (init.yml + roles)
  nodes/_generated/<host>.<cluster>.local.yml

A node lists one cluster role class; that class includes its area init (which includes
the cluster init, the infra init, the secrets and the base system classes) and a few
system classes, each of which includes service classes. Parameters use dict merges,
list appends, scalar overrides, ${_param:...} chains, nested references, references to
dicts and lists, and a few exports / inventory queries ($[ exports:... ]) on the cfg01
node of each cluster.

--shape real leaves the queries out and makes each node's pillar as large as a real MCP
model's (a public 140-node model: ~45 classes and ~31 KB of rendered parameters per node, no
inventory queries): more system classes per role, role defaults with a settings block, and
deep ${_param:...} chains (a service's paths and versions go through four or five _param
levels to the cluster init). The default, --shape query, is the query-heavy inventory above.

Same arguments -> byte-identical output. OUTDIR/.generator.json records the arguments,
a hash of this script, and inventory statistics.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys

import yaml

SERVICES = [
    # the first BASE_SERVICES are on every node
    'linux', 'salt', 'openssh', 'ntp', 'rsyslog',
    'nova', 'neutron', 'keystone', 'glance', 'cinder', 'heat', 'horizon', 'galera',
    'rabbitmq', 'memcached', 'haproxy', 'keepalived', 'nginx', 'apache', 'elasticsearch',
    'kibana', 'fluentd', 'prometheus', 'grafana', 'telegraf', 'docker', 'etcd', 'ceph',
    'gerrit', 'jenkins', 'aptly', 'openldap', 'backupninja', 'logrotate', 'sphinx',
    'octavia', 'designate', 'barbican', 'aodh', 'gnocchi', 'panko', 'ironic', 'manila',
    'reclass', 'maas', 'opencontrail', 'cassandra', 'zookeeper', 'redis', 'postgresql',
    'influxdb', 'libvirt', 'auditd', 'openvswitch', 'bind', 'glusterfs', 'kubernetes',
    'cadvisor', 'alertmanager', 'mongodb', 'freeipa', 'powerdns', 'sensu', 'collectd',
]
BASE_SERVICES = 5
ROLE_NAMES = ['server', 'client', 'control', 'compute', 'agent', 'proxy', 'master',
              'node', 'collector', 'api', 'worker', 'scheduler']
FEATURES = ['notification', 'logging', 'backup', 'ssl', 'cache', 'policy', 'upgrade',
            'tuning', 'audit', 'ha', 'metrics', 'quota']
# node role -> (area, cluster class, variant of system classes, fixed count, hostname prefix)
NODE_ROLES = [
    ('infra', 'config', 'single', 1, 'cfg'),
    ('infra', 'kvm', 'cluster', 3, 'kvm'),
    ('openstack', 'control', 'cluster', 3, 'ctl'),
    ('openstack', 'database', 'cluster', 3, 'dbs'),
    ('openstack', 'message_queue', 'cluster', 3, 'msg'),
    ('openstack', 'proxy', 'cluster', 2, 'prx'),
    ('openstack', 'gateway', 'single', 3, 'gtw'),
    ('stacklight', 'server', 'cluster', 3, 'mon'),
    ('stacklight', 'log', 'cluster', 3, 'log'),
    ('stacklight', 'telemetry', 'cluster', 3, 'mtr'),
    ('ceph', 'mon', 'cluster', 3, 'cmn'),
    ('ceph', 'rgw', 'cluster', 2, 'rgw'),
    ('openstack', 'compute', 'single', 0, 'cmp'),   # takes 2/3 of the remaining nodes
    ('ceph', 'osd', 'single', 0, 'osd'),            # takes the rest
]
AREAS = ['infra', 'openstack', 'stacklight', 'ceph']
# cluster-wide address groups: <group>_address, <group>_node0N_address, <group>_members
ADDRESS_GROUPS = ['openstack_control', 'openstack_database', 'openstack_message_queue',
                  'openstack_proxy', 'stacklight_monitor', 'stacklight_log',
                  'ceph_mon', 'infra_kvm']
CLUSTER_NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel',
                 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa']
CLASSES_PER_CLUSTER = 1 + len(AREAS) + len(NODE_ROLES) + 2   # init, areas, roles, secrets, networking


class Dumper(yaml.SafeDumper):
    """Block style, insertion order, no aliases."""
    def ignore_aliases(self, data):
        return True


def dump(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, default_flow_style=False,
                     width=1000, allow_unicode=False)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


def ref(name):
    return '${_param:%s}' % name


class Generator:
    def __init__(self, args):
        self.args = args
        self.real = args.shape == 'real'
        self.rng = random.Random(args.seed)
        self.files = {}          # relative path -> data (dict)
        self.class_names = []

    # ---------- helpers ----------
    def add_class(self, name, data):
        parts = name.split('.')
        path = os.path.join('classes', *parts) + '.yml'
        if name.endswith('.init'):
            raise ValueError(name)
        self.files[path] = data
        self.class_names.append(name)

    def add_init_class(self, name, data):
        parts = name.split('.')
        path = os.path.join('classes', *parts, 'init.yml')
        self.files[path] = data
        self.class_names.append(name)

    # ---------- services and system classes ----------
    def plan_services(self, n_services):
        names = list(SERVICES)
        i = 0
        while len(names) < n_services:
            i += 1
            names.append('%s%d' % (SERVICES[BASE_SERVICES + (i % (len(SERVICES) - BASE_SERVICES))], i))
        names = names[:n_services]
        services = []
        for idx, s in enumerate(names):
            k = 2 if idx < BASE_SERVICES else self.rng.choice([2, 3, 3, 4])
            roles = self.rng.sample(ROLE_NAMES, k)
            nfeat = {r: self.rng.choice([1, 1, 2]) for r in roles}
            services.append({'name': s, 'roles': roles, 'features': {r: self.rng.sample(FEATURES, nfeat[r]) for r in roles}})
        return services

    def service_classes(self, svc):
        rng = self.rng
        s = svc['name']
        self.add_class('service.%s.support' % s, {
            'parameters': {s: {'_support': {
                'collectd': {'enabled': rng.random() < 0.5},
                'telegraf': {'enabled': True},
                'fluentd': {'enabled': ref('fluentd_enabled')},
                'sphinx': {'enabled': True},
                'prometheus': {'enabled': rng.random() < 0.7},
            }}}})
        for r in svc['roles']:
            p = '%s_%s' % (s, r)
            port = rng.randrange(1024, 30000)
            # role init: defaults, application, list append
            self.add_init_class('service.%s.%s' % (s, r), {
                'applications': [s],
                'parameters': {
                    '_param': {
                        p + '_bind_address': '0.0.0.0',
                        p + '_port': port,
                        p + '_workers': rng.choice([2, 4, 8]),
                        p + '_backend': 'openstack_database',
                        s + '_version': ref('openstack_version'),
                        s + '_log_level': 'INFO',
                    },
                    'salt': {'minion': {'roles': ['%s.%s' % (s, r)]}},
                    s: {r: dict(self.real_role_settings(s, r, p), **{
                        'enabled': True,
                        'version': ref(s + '_version'),
                        'pkgs': ['%s-%s' % (s, r), 'python-%s' % s],
                        'bind': {'address': ref(p + '_bind_address'), 'port': ref(p + '_port')},
                        'workers': ref(p + '_workers'),
                        'logging': {
                            'level': ref(s + '_log_level'),
                            'handlers': {'watchedfile': {'enabled': True},
                                         'fluentd': {'enabled': ref('fluentd_enabled')}},
                        },
                        'ratio': round(rng.uniform(1, 16), 1),
                    })},
                }})
            if self.real:
                init = self.files[os.path.join('classes', 'service', s, r, 'init.yml')]['parameters']['_param']
                init[p + '_log_dir'] = '%s/%s' % (ref(s + '_log_root'), r)
                init[s + '_log_root'] = '%s/%s' % (ref('log_root'), s)
            for variant in ('single', 'cluster'):
                body = {
                    'cluster': variant == 'cluster',
                    'pkgs': ['%s-%s-%s' % (s, r, variant)],
                    'database': {'engine': 'mysql', 'name': s, 'user': s,
                                 'max_pool_size': rng.choice([10, 20, 30])},
                    'identity': {'engine': 'keystone', 'user': s, 'tenant': 'service',
                                 'port': 35357, 'region': ref('openstack_region')},
                    'url': 'http://%s:%s/v2' % (ref(p + '_bind_address'), ref(p + '_port')),
                }
                if rng.random() < 0.6:
                    body['message_queue'] = {'engine': 'rabbitmq', 'port': 5672,
                                             'user': 'openstack', 'virtual_host': '/openstack'}
                if rng.random() < 0.4:
                    body['cache'] = {'engine': 'memcached', 'prefix': '%s_%s' % (s, r)}
                self.add_class('service.%s.%s.%s' % (s, r, variant), {
                    'classes': ['service.%s.support' % s, 'service.%s.%s' % (s, r)],
                    'parameters': {
                        '_param': {p + '_vip_address': '127.0.0.1'},
                        s: {r: body},
                    }})

    def system_classes(self, svc):
        rng = self.rng
        s = svc['name']
        for r in svc['roles']:
            p = '%s_%s' % (s, r)
            for variant in ('single', 'cluster'):
                group = rng.choice(ADDRESS_GROUPS)
                params = {
                    '_param': {
                        p + '_bind_address': ref('single_address'),
                        s + '_database': ref('openstack_database'),         # ref to a dict
                    },
                    s: {r: {
                        'database': ref(s + '_database'),                   # ref over dict -> merge
                        'identity': {
                            'host': ref('openstack_control_address'),
                            'password': ref('keystone_%s_password' % s),
                        },
                        'backend_host': '${_param:${_param:%s_backend}_address}' % p,   # nested ref
                        'host_name': '${_reclass_:name:short}',
                        'pkgs': ['%s-%s-system' % (s, r)],
                    }},
                }
                if variant == 'cluster':
                    params['_param'][p + '_vip_address'] = ref(group + '_address')
                    params[s][r]['vip'] = ref(p + '_vip_address')
                    params[s][r]['members'] = ref(group + '_members')   # ref to a list of dicts
                else:
                    params[s][r]['address'] = ref('single_address')
                if rng.random() < 0.5:
                    params[s][r]['message_queue'] = {
                        'host': ref('openstack_message_queue_address'),
                        'password': ref('rabbitmq_openstack_password'),
                        'members': ref('openstack_message_queue_members'),
                    }
                self.add_class('system.%s.%s.%s' % (s, r, variant), {
                    'classes': ['service.%s.%s.%s' % (s, r, variant)],
                    'parameters': params,
                })
            for feat in svc['features'][r]:
                self.feature_class(s, r, feat)

    def real_role_settings(self, s, r, p):
        """--shape real: a role's defaults as big as a real formula's (literals, a few deep refs)."""
        if not self.real:
            return {}
        rng = self.rng
        settings = {'log_dir': ref(p + '_log_dir'), 'state_dir': '%s/lib/%s' % (ref('var_root'), s)}
        for i in range(rng.randrange(15, 21)):
            key = '%s_option_%02d' % (rng.choice(['api', 'db', 'rpc', 'cache', 'auth', 'worker', 'pool']), i)
            settings[key] = rng.choice([
                rng.randrange(1, 100000), rng.random() < 0.5, 'value-%s-%d' % (s, rng.randrange(10 ** 6)),
                '/etc/%s/%s/%s.conf' % (s, r, key), ['%s-%d' % (key, k) for k in range(rng.randrange(1, 4))]])
        return {'settings': settings, 'service_name': '%s-%s' % (s, r),
                'notify': {'topics': ['notifications', '%s_%s' % (s, r)], 'driver': 'messagingv2'}}

    def feature_class(self, s, r, feat):
        rng = self.rng
        p = '%s_%s' % (s, r)
        body = {feat: {'enabled': True,
                       'level': rng.choice(['low', 'medium', 'high']),
                       'endpoint': 'https://%s:%d/%s' % (ref('cluster_public_host'), rng.randrange(8000, 9999), feat),
                       'owner': ref(p + '_' + feat + '_owner')},
                'pkgs': ['%s-%s-%s' % (s, r, feat)]}
        self.add_class('system.%s.%s.%s' % (s, r, feat), {
            'parameters': {
                '_param': {p + '_' + feat + '_owner': '%s@%s' % (s, ref('cluster_domain'))},
                'salt': {'minion': {'roles': ['%s.%s.%s' % (s, r, feat)]}},
                s: {r: body},
            }})

    # ---------- clusters ----------
    def cluster_classes(self, ci, cname, services, layout):
        rng = self.rng
        c = 'cluster.%s' % cname
        base = services[:BASE_SERVICES]
        pool = services[BASE_SERVICES:]
        net = '10.%d' % (ci + 10)
        domain = '%s.local' % cname
        # cluster init
        params = {
            'cluster_name': cname,
            'cluster_domain': domain,
            'cluster_public_host': '%s.%s' % ('cloud', ref('cluster_domain')),
            'openstack_release': (ref('mcp_openstack_release') if self.real else rng.choice(['pike', 'queens', 'rocky'])),
            'openstack_version': ref('openstack_release'),
            'openstack_region': 'RegionOne',
            'linux_system_codename': 'xenial',
            'fluentd_enabled': True,
            'mcp_version': '2019.2.%d' % rng.randrange(1, 20),
            'openstack_database': {
                'engine': 'mysql',
                'host': ref('openstack_database_address'),
                'port': 3306,
                'ssl': {'enabled': ref('database_ssl_enabled')},
            },
            'database_ssl_enabled': False,
        }
        if self.real:
            params.update({
                'mcp_openstack_release': ref('mcp_default_openstack_release'),
                'mcp_default_openstack_release': rng.choice(['pike', 'queens', 'rocky']),
                'root_prefix': '',
                'var_root': '%s/var' % ref('root_prefix'),
                'log_root': '%s/log' % ref('var_root'),
            })
        for gi, g in enumerate(ADDRESS_GROUPS):
            params[g + '_address'] = '%s.%d.10' % (net, gi)
            members = []
            for k in range(1, 4):
                params['%s_node%02d_address' % (g, k)] = '%s.%d.%d' % (net, gi, 10 + k)
                members.append({'host': ref('%s_node%02d_address' % (g, k)), 'name': '%s%02d' % (g.split('_')[-1][:3], k)})
            params[g + '_members'] = members
        self.add_init_class(c, {
            'classes': [c + '.infra', c + '.infra.secrets', c + '.infra.networking'],
            'parameters': {
                '_param': params,
                'linux': {'system': {
                    'name': '${_reclass_:name:short}',
                    'domain': ref('cluster_domain'),
                    'fqdn': '${_reclass_:name:short}.%s' % ref('cluster_domain'),
                    'codename': ref('linux_system_codename'),
                    'environment': '${_reclass_:environment}',
                }},
            }})
        # secrets: one password per service (+ keystone user passwords)
        secrets = {'rabbitmq_openstack_password': 'rmq-%s' % cname}
        for svc in services:
            secrets['keystone_%s_password' % svc['name']] = 'ks-%s-%s-%d' % (cname, svc['name'], rng.randrange(10 ** 6))
        self.add_class(c + '.infra.secrets', {'parameters': {'_param': secrets}})
        self.add_class(c + '.infra.networking', {
            'parameters': {
                '_param': {'dns_servers': ['%s.0.2' % net, '%s.0.3' % net]},
                'linux': {'network': {
                    'resolv': {'dns': ref('dns_servers'), 'domain': ref('cluster_domain')},
                    'interface': {'primary': {'enabled': True, 'type': 'eth', 'address': ref('single_address'),
                                              'netmask': '255.255.255.0', 'mtu': 9000}},
                }}}})
        # infra init: base system classes on every node, exports
        infra_classes = []
        for svc in base:
            infra_classes.append('system.%s.%s.single' % (svc['name'], svc['roles'][0]))
        self.add_init_class(c + '.infra', {
            'classes': infra_classes,
            'parameters': {
                '_param': {'salt_master_host': ref('infra_kvm_node01_address')},
                'salt': {'minion': {'master': {'host': ref('salt_master_host')}, 'roles': ['base']}},
            },
            'exports': {
                'cluster': cname,
                'host_ip': ref('single_address'),
                'fqdn': '${_reclass_:name:full}',
            }})
        # areas
        for area in AREAS:
            if area == 'infra':
                continue
            self.add_init_class('%s.%s' % (c, area), {
                'classes': [c],
                'parameters': {'_param': {
                    '%s_area' % area: area,
                    '%s_cluster_address' % area: ref('%s_address' % ADDRESS_GROUPS[AREAS.index(area)]),
                }}})
        # role classes
        for (area, role, variant, _count, _prefix) in NODE_ROLES:
            chosen = rng.sample(pool, min(len(pool), rng.choice([3, 4, 4, 5] if self.real else [2, 3, 3, 4])))
            classes = [c if area == 'infra' else '%s.%s' % (c, area)]
            params = {'_param': {}}
            for svc in chosen:
                s = svc['name']
                r = rng.choice(svc['roles'])
                classes.append('system.%s.%s.%s' % (s, r, variant))
                feats = svc['features'][r]
                for feat in feats[:rng.choice([0, 1, 1, 2])]:
                    classes.append('system.%s.%s.%s' % (s, r, feat))
                p = '%s_%s' % (s, r)
                params['_param'][p + '_workers'] = rng.choice([4, 8, 16])            # override of a default
                if rng.random() < 0.5:
                    params['_param'][p + '_backend'] = rng.choice(ADDRESS_GROUPS)    # retargets a nested ref
                ov = {'pkgs': ['%s-%s-%s' % (s, r, role)]}                             # list append
                if rng.random() < 0.5:
                    ov['database'] = {'x509': {'enabled': True, 'ca': '/etc/ssl/%s.crt' % cname}}  # dict over ref
                if rng.random() < 0.4:
                    ov['workers'] = rng.choice([12, 24])                             # scalar over ref
                if rng.random() < 0.3:
                    ov['logging'] = {'level': 'DEBUG'}
                params[s] = {r: ov}
            data = {'classes': classes, 'parameters': params,
                    'exports': {'role': role}}
            if role == 'config' and not self.real:
                data['parameters']['monitoring'] = {
                    'targets': '$[ exports:host_ip if exports:cluster == %s ]' % cname,
                    'control_nodes': '$[ if exports:role == control and exports:cluster == %s ]' % cname,
                    'all_fqdns': '$[ exports:fqdn ]',
                }
            self.add_class('%s.%s.%s' % (c, area, role), data)

    def nodes(self, ci, cname, counts):
        rng = self.rng
        net = '10.%d' % (ci + 10)
        n = 0
        for (area, role, variant, _count, prefix) in NODE_ROLES:
            for k in range(1, counts[role] + 1):
                n += 1
                width = 3 if role in ('compute', 'osd') else 2
                short = '%s%0*d' % (prefix, width, k)
                fqdn = '%s.%s.local' % (short, cname)
                params = {
                    '_param': {
                        'single_address': '%s.%d.%d' % (net, 100 + n // 250, n % 250 + 1),
                        'deploy_address': '192.168.%d.%d' % (ci, n % 250 + 1),
                        'tenant_address': '172.16.%d.%d' % (ci, n % 250 + 1),
                    },
                    'linux': {'system': {'name': short, 'domain': ref('cluster_domain'),
                                         'description': '%s node %s of %s' % (role, ref('single_address'), ref('cluster_name'))}},
                }
                if rng.random() < 0.2:
                    params['_param']['linux_system_codename'] = 'bionic'              # node-level override
                if rng.random() < 0.1:
                    params['salt'] = {'minion': {'roles': ['node.%s' % short]}}
                self.files[os.path.join('nodes', '_generated', fqdn + '.yml')] = {
                    'classes': ['cluster.%s.%s.%s' % (cname, area, role)],
                    'parameters': params,
                }

    # ---------- driver ----------
    def run(self):
        a = self.args
        n_clusters = max(1, min(len(CLUSTER_NAMES), round(a.nodes / 83)))
        fixed = sum(r[3] for r in NODE_ROLES)
        # node counts per cluster
        per_cluster = [a.nodes // n_clusters + (1 if i < a.nodes % n_clusters else 0) for i in range(n_clusters)]
        layouts = []
        for total in per_cluster:
            counts = {}
            left = total
            scale = 1 if total >= fixed + 2 else 0
            for (_a, role, _v, count, _p) in NODE_ROLES:
                want = count if scale else (1 if count else 0)
                counts[role] = min(want, left)
                left -= counts[role]
            counts['compute'] = (left * 2 + 2) // 3
            counts['osd'] = left - counts['compute']
            layouts.append(counts)
        # services sized so that service + system classes fill the class budget
        budget = max(0, a.classes - n_clusters * CLASSES_PER_CLUSTER)
        n_services = max(BASE_SERVICES + 4, int(budget / 22))
        services = self.plan_services(n_services)
        for svc in services:
            self.service_classes(svc)
            self.system_classes(svc)
        # pad with extra feature classes until the class budget is met
        extra = 0
        while len(self.class_names) + n_clusters * CLASSES_PER_CLUSTER < a.classes:
            svc = services[BASE_SERVICES + extra % (len(services) - BASE_SERVICES)]
            r = svc['roles'][extra % len(svc['roles'])]
            feat = 'feature%d' % (extra // (len(services) - BASE_SERVICES))
            svc['features'][r].append(feat)
            self.feature_class(svc['name'], r, feat)
            extra += 1
        for ci in range(n_clusters):
            cname = CLUSTER_NAMES[ci]
            self.cluster_classes(ci, cname, services, layouts[ci])
            self.nodes(ci, cname, layouts[ci])


def count_in_files(root, paths, pattern):
    rx = re.compile(pattern)
    total = 0
    for p in paths:
        with open(os.path.join(root, p), encoding='utf-8') as f:
            total += len(rx.findall(f.read()))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('outdir')
    ap.add_argument('--nodes', type=int, default=500)
    ap.add_argument('--classes', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--shape', choices=['query', 'real'], default='query',
                    help='query: inventory queries on each cfg01 (the default); real: no queries, real-sized pillars')
    ap.add_argument('--force', action='store_true', help='regenerate even if OUTDIR holds the same inventory')
    a = ap.parse_args()

    with open(os.path.abspath(__file__), 'rb') as f:
        script_hash = hashlib.sha256(f.read()).hexdigest()[:16]
    manifest_path = os.path.join(a.outdir, '.generator.json')
    wanted = {'nodes': a.nodes, 'classes': a.classes, 'seed': a.seed, 'generator': script_hash}
    if a.shape != 'query':
        wanted['shape'] = a.shape
    if os.path.exists(manifest_path) and not a.force:
        with open(manifest_path) as f:
            old = json.load(f)
        if old.get('args') == wanted:
            print(json.dumps(old, indent=2))
            print('inventory already generated with the same arguments: %s' % a.outdir, file=sys.stderr)
            return
    if os.path.isdir(a.outdir) and os.listdir(a.outdir) and not os.path.exists(manifest_path):
        sys.exit('refusing to overwrite %s: not a generated inventory (no .generator.json)' % a.outdir)

    g = Generator(a)
    g.run()

    for sub in ('classes', 'nodes'):
        shutil.rmtree(os.path.join(a.outdir, sub), ignore_errors=True)
    for path in sorted(g.files):
        dump(os.path.join(a.outdir, path), g.files[path])

    class_files = sorted(p for p in g.files if p.startswith('classes'))
    node_files = sorted(p for p in g.files if p.startswith('nodes'))
    stats = {
        'nodes': len(node_files),
        'classes': len(class_files),
        'class_files_init_yml': sum(1 for p in class_files if p.endswith('init.yml')),
        'references_in_classes': count_in_files(a.outdir, class_files, r'\$\{'),
        'references_in_nodes': count_in_files(a.outdir, node_files, r'\$\{'),
        'inventory_queries': count_in_files(a.outdir, class_files + node_files, r'\$\['),
        'nodes_with_inventory_queries': 0 if a.shape == 'real' else sum(1 for p in node_files if os.path.basename(p).startswith('cfg')),
        'yaml_bytes': sum(os.path.getsize(os.path.join(a.outdir, p)) for p in g.files),
    }
    stats['references'] = stats['references_in_classes'] + stats['references_in_nodes']
    manifest = {'args': wanted, 'stats': stats}
    with open(manifest_path, 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    print(json.dumps(manifest, indent=2))


if __name__ == '__main__':
    main()
