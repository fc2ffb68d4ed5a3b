(r=>{const n=r.pimms=r.pimms||{q:[]};["lead","consent","flush"].forEach(s=>{n[s]=n[s]||function(){const i=arguments;return new Promise(m=>n.q.push([s,i,m]))}})})(window);
