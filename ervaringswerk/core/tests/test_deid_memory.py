"""deduce's lookup structures are ~4.5 million Python objects. Left to the garbage collector, every full
collection walks all of them (measured: 2.7 s per collection), a pause that lands on whatever request or
test happens to allocate at that moment. Once loaded they live as long as the process, so they are moved
out of the collector's reach (gc.freeze)."""

import gc

from ervaringswerk.core import freetext


def test_the_loaded_deid_lookup_structures_are_frozen_out_of_the_garbage_collector():
    freetext.warm_up()
    lookup = freetext._deducer().lookup_structs
    assert gc.get_freeze_count() > 1_000_000, "deduce's objects are still tracked by every full collection"
    # the structures themselves are among the frozen objects: they are not in any collected generation
    tracked = {id(obj) for generation in range(3) for obj in gc.get_objects(generation)}
    assert id(lookup) not in tracked
