#!/usr/bin/python3
"""Writes the tutorial's example real network: nodes.csv (the node table) and edges.csv (the ties)
for two small communities, as a survey of a real district might give them. Deterministic (seed 7).

    /usr/bin/python3 docs/tutorial/make_example_network.py docs/tutorial

Not a step of the tutorial: it only shows how the example files were made. Each community has
3 grids (网格) of buildings; households of 1 to 5 residents are tied to each other; each resident
knows a few people in the same building and grid, and now and then someone in the other
community.
"""
import csv
import os
import random
import sys


def main(out):
    rng = random.Random(7)
    nodes, edges = [], set()
    rid = 0
    for comm in (1, 2):
        members = []
        for grid in range(1, 4):
            for bldg in range(6):
                bmembers = []
                for _ in range(6):                      # 6 households per building
                    size = rng.choices([1, 2, 3, 4, 5], [0.25, 0.3, 0.2, 0.15, 0.1])[0]
                    hh = len({n["household"] for n in nodes}) + 1 if nodes else 1
                    hh_members = []
                    for _ in range(size):
                        rid += 1
                        age = rng.choices([0, 1, 2], [0.38, 0.34, 0.28])[0]
                        nodes.append({"id": f"r{rid:04d}", "community": comm, "grid": grid, "household": hh,
                                      "age_band": age, "party": int(rng.random() < 0.07),
                                      "owner": int(rng.random() < 0.7)})
                        hh_members.append(f"r{rid:04d}")
                    for i, a in enumerate(hh_members):
                        for b in hh_members[i + 1:]:
                            edges.add((a, b))
                    bmembers += [(m, grid) for m in hh_members]
                for m, _ in bmembers:                   # neighbours in the building
                    for _ in range(2):
                        o = rng.choice(bmembers)[0]
                        if o != m:
                            edges.add(tuple(sorted((m, o))))
                members += bmembers
        for m, g in members:                            # acquaintances in the community
            for _ in range(2):
                o = rng.choice(members)[0]
                if o != m:
                    edges.add(tuple(sorted((m, o))))
    ids = [n["id"] for n in nodes]
    for _ in range(len(ids) // 50):                     # a few ties between the communities
        a, b = rng.choice(ids), rng.choice(ids)
        if a != b:
            edges.add(tuple(sorted((a, b))))
    with open(os.path.join(out, "nodes.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "community", "grid", "household", "age_band", "party", "owner"])
        w.writeheader()
        w.writerows(nodes)
    with open(os.path.join(out, "edges.csv"), "w", newline="") as fh:
        fh.write("source,target\n")
        for a, b in sorted(edges):
            fh.write(f"{a},{b}\n")
    print(f"{len(nodes)} residents, {len(edges)} ties")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
